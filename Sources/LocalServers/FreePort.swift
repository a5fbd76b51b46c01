import Foundation

/// Free TCP ports on 127.0.0.1, for servers evmhook or a test starts itself and may restart on the same port.
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
        throw LocalServerError("no free port found below \(lowestEphemeral)")
    }

    /// The first port of `net.ipv4.ip_local_port_range` (32768 when unreadable, Linux's default).
    private static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
    }

    private static func isFree(_ port: Int) throws -> Bool {
        guard let free = Loopback.withSocket(port: port, { fd, address, length in bind(fd, address, length) == 0 })
        else { throw LocalServerError("socket() failed: errno \(errno)") }
        return free
    }
}
