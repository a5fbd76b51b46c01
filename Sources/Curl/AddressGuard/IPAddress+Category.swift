extension IPAddress {
    /// The special-purpose range this address belongs to, or nil for an ordinary public address.
    ///
    /// IPv6 forms that carry an IPv4 address to a translator or tunnel (v4-mapped `::ffff:a.b.c.d`, SIIT
    /// `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4 `2002:aabb:ccdd::`) are classified by the IPv4 address
    /// they reach, so `::ffff:127.0.0.1` is loopback like `127.0.0.1`.
    public var category: AddressCategory? {
        switch storage {
        case .v4(let word): Self.category(ofV4: word)
        case .v6(let high, let low): Self.category(ofV6High: high, low: low)
        }
    }

    private static func category(ofV4 address: UInt32) -> AddressCategory? {
        // Exact metadata addresses first: 169.254.169.254 is also link-local, and the specific reason helps more.
        if address == 0xA9FE_A9FE || address == 0x6464_64C8 { return .cloudMetadata }
        if address == 0xFFFF_FFFF { return .broadcast }
        let ranges: [(network: UInt32, prefix: UInt32, category: AddressCategory)] = [
            (0x0000_0000, 8, .unspecified),
            (0x7F00_0000, 8, .loopback),
            (0x0A00_0000, 8, .privateNetwork),
            (0xAC10_0000, 12, .privateNetwork),
            (0xC0A8_0000, 16, .privateNetwork),
            (0xA9FE_0000, 16, .linkLocal),
            (0x6440_0000, 10, .sharedAddressSpace),
            (0xE000_0000, 4, .multicast),
            (0xF000_0000, 4, .reserved),
            (0xC000_0000, 24, .reserved),  // 192.0.0.0/24 IETF protocol assignments
            (0xC000_0200, 24, .reserved),  // 192.0.2.0/24 TEST-NET-1
            (0xC633_6400, 24, .reserved),  // 198.51.100.0/24 TEST-NET-2
            (0xCB00_7100, 24, .reserved),  // 203.0.113.0/24 TEST-NET-3
            (0xC612_0000, 15, .reserved),  // 198.18.0.0/15 benchmarking
        ]
        for range in ranges where address >> (32 - range.prefix) == range.network >> (32 - range.prefix) {
            return range.category
        }
        return nil
    }

    private static func category(ofV6High high: UInt64, low: UInt64) -> AddressCategory? {
        let embeddedV4 = UInt32(truncatingIfNeeded: low)
        switch (high, low >> 32) {
        case (0, 0): return low == 0 ? .unspecified : low == 1 ? .loopback : .reserved  // ::a.b.c.d is deprecated
        case (0, 0xFFFF): return category(ofV4: embeddedV4)  // ::ffff:a.b.c.d
        case (0, 0xFFFF_0000): return category(ofV4: embeddedV4)  // ::ffff:0:a.b.c.d
        case (0x0064_FF9B_0000_0000, 0): return category(ofV4: embeddedV4)  // 64:ff9b::a.b.c.d
        default: break
        }
        if high >> 48 == 0x2002 { return category(ofV4: UInt32(truncatingIfNeeded: high >> 16)) }
        if high == 0xFD00_0EC2_0000_0000 && low == 0x254 { return .cloudMetadata }
        let top16 = high >> 48
        if top16 & 0xFE00 == 0xFC00 { return .privateNetwork }  // fc00::/7
        if top16 & 0xFFC0 == 0xFE80 { return .linkLocal }  // fe80::/10
        if top16 & 0xFFC0 == 0xFEC0 { return .privateNetwork }  // fec0::/10 site-local
        if top16 & 0xFF00 == 0xFF00 { return .multicast }  // ff00::/8
        if high >> 32 == 0x2001_0DB8 { return .reserved }  // 2001:db8::/32 documentation
        if high == 0x0100_0000_0000_0000 { return .reserved }  // 100::/64 discard
        return nil
    }
}
