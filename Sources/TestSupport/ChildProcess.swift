public import Foundation
import LocalServers

/// A process a test starts and owns: a Python receiver, a private redis-server, `evmhook` itself.
///
/// It waits for the child to announce readiness on stdout (no sleeps), and kills it when stopped or released.
public final class ChildProcess: @unchecked Sendable {
    // `@unchecked`: `process` and `echoesOutput` are set once in init; `lines`, `partialLine` and `ended` are guarded
    // by `lock`.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process: SpawnedProcess
    private let echoesOutput: Bool
    private let lock = NSCondition()
    private var lines: [String] = []
    /// Output after the last newline: a read can end inside a line.
    private var partialLine = Data()
    private var ended = false

    /// Starts `executable` with `arguments`; `environment` entries are added to this process's environment. Its
    /// stderr is the test's unless `quiet`. With `readingStderr`, stderr joins the lines `waitForLine` reads (a
    /// service's log) and is copied to the test's stderr from there.
    public init(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], quiet: Bool = false,
        readingStderr: Bool = false
    ) throws {
        process = try SpawnedProcess(
            [executable] + arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { $1 },
            stdout: .pipe, stderr: readingStderr ? .stdout : quiet ? .null : .inherit)
        echoesOutput = readingStderr
        process.output?.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.append(data)
        }
        Self.register(process.processIdentifier)
    }

    deinit { killNow() }

    public var processIdentifier: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.ended == nil }
    /// The exit status (or the signal that ended it), once `stop` returned.
    public var exitStatus: Int32 { process.ended?.status ?? -1 }

    /// Waits until the child prints a line containing `marker` and returns that line. Polls rather than blocks:
    /// tests run side by side on a cooperative pool of one thread per core, which a blocked wait would starve.
    public func waitForLine(containing marker: String, timeout: Duration = .seconds(30)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (line, hasEnded, recent) = lock.withLock {
                (lines.first { $0.contains(marker) }, ended, lines.suffix(5))
            }
            if let line { return line }
            if hasEnded { throw Failure(description: "child ended before printing \(marker): \(recent)") }
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "child did not print \(marker) within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends SIGKILL (the default, as a crash would) or another signal, and waits for the child to end. A child
    /// still running `killAfter` later (one that ignores SIGTERM) is killed, so its test fails instead of hanging.
    public func stop(signal: Int32 = SIGKILL, killAfter: Duration = .seconds(30)) async {
        process.send(signal)
        await waitForExit(killAfter: killAfter)
    }

    /// Sends `signal` and returns at once, for a test that acts while the child shuts down; `waitForExit` follows.
    public func send(_ signal: Int32) {
        process.send(signal)
    }

    /// Waits for the child to end; one still running `killAfter` later is killed.
    public func waitForExit(killAfter: Duration = .seconds(30)) async {
        defer { Self.unregister(process.processIdentifier) }
        let watchdog = Task { [process] in
            try await Task.sleep(for: killAfter)
            process.send(SIGKILL)
        }
        _ = await process.waitForExit()
        watchdog.cancel()
    }

    // Children still running when the test process exits (a test that failed before stopping them, or stopped them
    // from a task that never ran) are killed then: an orphan holding the inherited stderr keeps `swift test` waiting.
    private static let registry = NSLock()
    nonisolated(unsafe) private static var running: Set<Int32> = []
    nonisolated(unsafe) private static var exitHookInstalled = false

    private static func register(_ pid: Int32) {
        registry.withLock {
            running.insert(pid)
            if !exitHookInstalled {
                exitHookInstalled = true
                atexit { ChildProcess.killRunning() }
            }
        }
    }

    private static func unregister(_ pid: Int32) {
        _ = registry.withLock { running.remove(pid) }
    }

    private static func killRunning() {
        for pid in registry.withLock({ running }) { Glibc.kill(pid, SIGKILL) }
    }

    /// The child killed at once, when a test lost it without stopping it.
    private func killNow() {
        defer { Self.unregister(process.processIdentifier) }
        process.send(SIGKILL)
        _ = process.waitForExitBlocking()
    }

    private func append(_ data: Data) {
        lock.lock()
        defer { lock.unlock() }
        if echoesOutput { FileHandle.standardError.write(data) }
        if data.isEmpty {
            if !partialLine.isEmpty { lines.append(String(decoding: partialLine, as: UTF8.self)) }
            partialLine = Data()
            ended = true
        } else {
            partialLine.append(data)
            if let end = partialLine.lastIndex(of: UInt8(ascii: "\n")) {
                let complete = String(decoding: partialLine[..<end], as: UTF8.self)
                lines.append(contentsOf: complete.split(separator: "\n").map(String.init))
                partialLine = Data(partialLine[(end + 1)...])
            }
        }
        lock.broadcast()
    }
}
