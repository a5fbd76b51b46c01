public import Foundation

/// Runs the `evmhook` binary built next to the test bundle.
public enum EvmhookBinary {
    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `evmhook arguments…` with only `environment` (plus PATH and HOME), `input` on its standard input, and
    /// waits for it to end.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = []
    ) async throws -> Result {
        let binary = try executable()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("cli"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let stdoutFile = output.appendingPathComponent("stdout")
        let stderrFile = output.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdinFile = output.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: stdinFile.path, contents: Data(input))

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let inherited = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        process.environment = inherited.merging(environment) { $1 }
        // Files rather than pipes: nothing to drain while waiting, whatever the child prints.
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        process.standardInput = try FileHandle(forReadingFrom: stdinFile)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status,
            stdout: try String(contentsOf: stdoutFile, encoding: .utf8),
            stderr: try String(contentsOf: stderrFile, encoding: .utf8)
        )
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
