#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 address as raw bits: what the address guard classifies.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// IPv4 as one 32-bit word; IPv6 as two 64-bit halves, most significant first (network order).
    enum Storage: Sendable, Hashable {
        case v4(UInt32)
        case v6(high: UInt64, low: UInt64)
    }

    let storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// Parses dotted-quad IPv4 (`10.1.2.3`) or textual IPv6 (`::1`, `::ffff:127.0.0.1`, optionally in brackets).
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("[") && literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        var bytes = [UInt8](repeating: 0, count: 16)
        if inet_pton(AF_INET, String(literal), &bytes) == 1 {
            self.init(bytes: bytes[0..<4])
        } else if inet_pton(AF_INET6, String(literal), &bytes) == 1 {
            self.init(bytes: bytes[...])
        } else {
            return nil
        }
    }

    /// Builds an address from 4 (IPv4) or 16 (IPv6) bytes in network order; any other length is nil.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4:
            storage = .v4(bytes.reduce(0) { $0 << 8 | UInt32($1) })
        case 16:
            let high = bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
            let low = bytes.suffix(8).reduce(0) { $0 << 8 | UInt64($1) }
            storage = .v6(high: high, low: low)
        default:
            return nil
        }
    }

    /// Whether this is an IPv6 address (including v4-mapped ones such as `::ffff:127.0.0.1`).
    public var isIPv6: Bool {
        if case .v6 = storage { return true }
        return false
    }

    /// The address in network byte order: 4 bytes for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        switch storage {
        case .v4(let word):
            return (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * $0)) }
        case .v6(let high, let low):
            return [high, low].flatMap { half in (0..<8).map { UInt8(truncatingIfNeeded: half >> (56 - 8 * $0)) } }
        }
    }

    /// The conventional text form (`10.1.2.3`, `::ffff:127.0.0.1`, `fd00:ec2::254`).
    public var description: String {
        let family = isIPv6 ? AF_INET6 : AF_INET
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let written = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &text, socklen_t(text.count))
        }
        guard written != nil else { return "?" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
