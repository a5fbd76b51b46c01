/// Decides which addresses the HTTP client may connect to: the SSRF guard.
///
/// The decision is made on the address curl is about to connect to (its open-socket hook), after name
/// resolution, so neither a hostname that resolves to 127.0.0.1 nor DNS rebinding gets past it.
public struct AddressGuard: Sendable, Hashable {
    /// Categories that are let through although special; everything else with a category is refused.
    public var allowed: Set<AddressCategory>

    /// A guard that lets through the given categories and ordinary public addresses.
    public init(allowing allowed: Set<AddressCategory> = []) {
        self.allowed = allowed
    }

    /// Public addresses only: the production default.
    public static let publicOnly = AddressGuard()

    /// What `EVMHOOK_ALLOW_PRIVATE_TARGETS=1` means: loopback and private networks (including CGNAT) are let
    /// through; link-local, metadata services, multicast and the rest stay refused, since no webhook receiver
    /// lives there and instance credentials do.
    public static let allowingPrivateTargets = AddressGuard(allowing: [
        .loopback, .privateNetwork, .sharedAddressSpace,
    ])

    /// Every address: for tests and benchmarks against local servers only.
    public static let allowingEverything = AddressGuard(allowing: Set(AddressCategory.allCases))

    /// The reason `address` is refused, or nil when it may be connected to.
    public func refusal(for address: IPAddress) -> AddressCategory? {
        guard let category = address.category, !allowed.contains(category) else { return nil }
        return category
    }
}
