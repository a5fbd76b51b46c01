public import Foundation

/// A short-lived program a test runs to its end: `evmhook` itself, a Python checker.
public enum ProgramRun {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable arguments…` with only `environment` (plus PATH and HOME), `input` on its standard input, and
    /// waits for it to end without blocking a thread: the cooperative pool has one per core, and the in-process
    /// servers of other tests answer on it.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = []
    ) async throws -> Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("run"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let stdoutFile = output.appendingPathComponent("stdout")
        let stderrFile = output.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdinFile = output.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: stdinFile.path, contents: Data(input))

        let process = Process()
        process.executableURL = executable
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

    /// `python3 Tests/Servers/<script> arguments…` (the interpreter on PATH, with the packages scripts/test installs).
    public static func python(_ script: String, _ arguments: [String] = [], input: [UInt8] = []) async throws
        -> Result
    {
        let path = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/\(script)").path
        return try await run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", path] + arguments, input: input)
    }
}
