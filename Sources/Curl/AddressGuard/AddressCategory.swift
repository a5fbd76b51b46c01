/// Why an address is not an ordinary public destination: the reasons the address guard can refuse it.
public enum AddressCategory: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 127.0.0.0/8, ::1.
    case loopback
    /// 10/8, 172.16/12, 192.168/16, fc00::/7 (unique local) and the deprecated site-local fec0::/10.
    case privateNetwork
    /// 169.254/16, fe80::/10.
    case linkLocal
    /// 100.64/10, the carrier-grade NAT range (RFC 6598).
    case sharedAddressSpace
    /// 224/4, ff00::/8.
    case multicast
    /// 0.0.0.0/8 (Linux connects 0.0.0.0 to the local host), ::.
    case unspecified
    /// 255.255.255.255.
    case broadcast
    /// Instance-metadata services: 169.254.169.254, fd00:ec2::254 (AWS), 100.100.100.200 (Alibaba).
    case cloudMetadata
    /// Ranges that are never a real destination: 240/4, documentation, benchmarking, IETF protocol assignments.
    case reserved

    /// Human wording used in error messages, e.g. "refused to connect to 127.0.0.1 (loopback)".
    public var description: String {
        switch self {
        case .loopback: "loopback"
        case .privateNetwork: "private network"
        case .linkLocal: "link-local"
        case .sharedAddressSpace: "shared address space (CGNAT)"
        case .multicast: "multicast"
        case .unspecified: "unspecified"
        case .broadcast: "broadcast"
        case .cloudMetadata: "cloud metadata"
        case .reserved: "reserved"
        }
    }
}
