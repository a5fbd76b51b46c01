public import Foundation

/// Runs the `evmhook` binary built next to the test bundle.
public enum EvmhookBinary {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public typealias Result = ProgramRun.Result

    /// Runs `evmhook arguments…` with only `environment` (plus PATH and HOME), `input` on its standard input, and
    /// waits for it to end.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = []
    ) async throws -> Result {
        try await ProgramRun.run(try executable(), arguments, environment: environment, input: input)
    }

    /// `.build/<triple>/debug/evmhook`, beside this test executable.
    public static func executable() throws -> URL {
        let tests = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let binary = tests.deletingLastPathComponent().appendingPathComponent("evmhook")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Missing(description: "\(binary.path) is missing: run `swift build --build-tests` first")
        }
        return binary
    }
}
