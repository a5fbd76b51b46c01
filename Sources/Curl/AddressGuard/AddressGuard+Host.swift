import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension AddressGuard {
    /// An address of `host` this guard refuses, with the reason: the check an endpoint's URL gets when it is
    /// registered, so that a user learns at once what delivery would refuse at connect time.
    ///
    /// `host` is an IP literal (IPv6 with or without brackets) or a name, resolved now on a thread of its own
    /// (`getaddrinfo` blocks). Nil when every address is allowed, and when the name does not resolve: DNS may
    /// answer later, and delivery checks every address it connects to anyway.
    public func refusal(forHost host: String) async -> (address: IPAddress, category: AddressCategory)? {
        let addresses = if let literal = IPAddress(host) { [literal] } else { await Self.resolve(host) }
        for address in addresses {
            if let category = refusal(for: address) { return (address, category) }
        }
        return nil
    }

    /// The addresses `getaddrinfo` gives for `host`, resolved on a new thread; empty when it does not resolve.
    static func resolve(_ host: String) async -> [IPAddress] {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: resolveBlocking(host)) }
            thread.name = "resolve \(host.prefix(40))"
            thread.start()
        }
    }

    private static func resolveBlocking(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var node = list
        while let info = node?.pointee {
            node = info.ai_next
            guard let raw = info.ai_addr else { continue }
            switch Int32(raw.pointee.sa_family) {
            case AF_INET:
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin_addr) { bytes in
                        if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                    }
                }
            case AF_INET6:
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    withUnsafeBytes(of: pointer.pointee.sin6_addr) { bytes in
                        if let address = IPAddress(bytes: bytes) { addresses.append(address) }
                    }
                }
            default:
                continue
            }
        }
        return addresses
    }
}
