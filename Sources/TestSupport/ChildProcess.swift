public import Foundation

/// A process a test starts and owns: a Python receiver, a private redis-server, `evmhook` itself.
///
/// It waits for the child to announce readiness on stdout (no sleeps), and kills it when stopped or released.
public final class ChildProcess: @unchecked Sendable {
    // `@unchecked`: `process` is set once in init; `lines` is guarded by `lock`.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let lock = NSCondition()
    private var lines: [String] = []
    private var ended = false

    /// Starts `executable` with `arguments`; `environment` entries are added to this process's environment.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data)
        }
        try process.run()
    }

    deinit { stop() }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// The exit status (or the signal that ended it), once `stop` returned.
    public var exitStatus: Int32 { process.terminationStatus }

    /// Waits until the child prints a line containing `marker` and returns that line.
    public func waitForLine(containing marker: String, timeout: Duration = .seconds(30)) throws -> String {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds))
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let line = lines.first(where: { $0.contains(marker) }) { return line }
            if ended { throw Failure(description: "child ended before printing \(marker): \(lines.suffix(5))") }
            if !lock.wait(until: deadline) {
                throw Failure(description: "child did not print \(marker) within \(timeout)")
            }
        }
    }

    /// Sends SIGKILL (the default, as a crash would) or another signal, and waits for the child to end.
    public func stop(signal: Int32 = SIGKILL) {
        guard process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    private func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        if data.isEmpty {
            ended = true
        } else if let text = String(data: data, encoding: .utf8) {
            lines.append(contentsOf: text.split(separator: "\n").map(String.init))
        }
        lock.broadcast()
    }
}
