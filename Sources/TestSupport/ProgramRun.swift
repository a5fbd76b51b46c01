public import Foundation
import LocalServers

/// A short-lived program a test runs to its end: `evmhook` itself, a Python checker.
public enum ProgramRun {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `executable arguments…` with only `environment` (plus PATH, HOME and the sanitizers' options), `input`
    /// on its standard input, in `directory` (else this process's), and waits for it to end without blocking a
    /// thread: the cooperative pool has one per core, and the in-process servers of other tests answer on it.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:], input: [UInt8] = [],
        directory: URL? = nil
    ) async throws -> Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("run"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let stdoutFile = output.appendingPathComponent("stdout")
        let stderrFile = output.appendingPathComponent("stderr")
        let stdinFile = output.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: stdinFile.path, contents: Data(input))

        // The sanitizers' options too: a child built with AddressSanitizer must run as the test process was told to.
        let inherited = ProcessInfo.processInfo.environment.filter {
            $0.key == "PATH" || $0.key == "HOME" || $0.key.hasSuffix("SAN_OPTIONS")
        }
        // Files rather than pipes: nothing to drain while waiting, whatever the child prints.
        let process = try SpawnedProcess(
            [executable.path] + arguments, environment: inherited.merging(environment) { $1 },
            directory: directory?.path,
            stdin: .file(stdinFile.path), stdout: .file(stdoutFile.path), stderr: .file(stderrFile.path))
        let status = await process.waitForExit().status
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
