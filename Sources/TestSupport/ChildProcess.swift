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

/// Free TCP ports on 127.0.0.1, for servers a test starts itself and must restart on the same port.
///
/// Ports come from below the kernel's ephemeral range: between the moment a port is found free and the moment the
/// server binds it, no outgoing connection and no port-0 server of another test can take it (both draw from the
/// ephemeral range), which a port chosen by the kernel could not promise while the suite runs in parallel.
public enum FreePort {
    /// A port below the ephemeral range that nothing is bound to now.
    public static func next() throws -> Int {
        let lowestEphemeral = ephemeralRangeStart()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let port = Int.random(in: 10_000..<max(10_001, lowestEphemeral), using: &generator)
            if try isFree(port) { return port }
        }
        throw ChildProcess.Failure(description: "no free port found below \(lowestEphemeral)")
    }

    /// The first port of `net.ipv4.ip_local_port_range` (32768 when unreadable, Linux's default).
    private static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
    }

    private static func isFree(_ port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildProcess.Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
