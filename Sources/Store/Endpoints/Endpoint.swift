public import ChainKit
public import Foundation

/// A subscription: which logs of which chain go to which URL, signed with which secret (CONTRACT.md, "Endpoints").
/// Validation happens where input arrives (the CLI, the API); the store keeps what it is given.
public struct Endpoint: Sendable, Hashable {
    public var id: UUID
    public var url: String
    public var chainID: UInt64
    /// Addresses and topic positions, with `eth_getLogs` semantics.
    public var filter: LogFilter
    /// Events the user named; they set topic0 (when not given) and decode the deliveries.
    public var events: [EndpointEvent]
    /// `whsec_…`; never logged.
    public var secret: String
    /// The secret before the last rotation, still valid until `previousSecretExpiresAt`.
    public var previousSecret: String?
    public var previousSecretExpiresAt: Date?
    public var enabled: Bool
    /// Set when evmhook disabled the endpoint itself (410 Gone); nil when a user did or it is enabled.
    public var disabledReason: String?
    public var rateLimitPerSecond: Int?
    /// Nil: the retry schedule's default (its length + 1).
    public var maxAttempts: Int?
    public var timeoutMilliseconds: Int
    public var description: String
    public var createdAt: Date
    public var updatedAt: Date

    public static let defaultTimeoutMilliseconds = 15_000

    public init(
        id: UUID = UUID(),
        url: String,
        chainID: UInt64,
        filter: LogFilter = LogFilter(),
        events: [EndpointEvent] = [],
        secret: String,
        previousSecret: String? = nil,
        previousSecretExpiresAt: Date? = nil,
        enabled: Bool = true,
        disabledReason: String? = nil,
        rateLimitPerSecond: Int? = nil,
        maxAttempts: Int? = nil,
        timeoutMilliseconds: Int = Endpoint.defaultTimeoutMilliseconds,
        description: String = "",
        createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.url = url
        self.chainID = chainID
        self.filter = filter
        self.events = events
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousSecretExpiresAt = previousSecretExpiresAt
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.rateLimitPerSecond = rateLimitPerSecond
        self.maxAttempts = maxAttempts
        self.timeoutMilliseconds = timeoutMilliseconds
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The secrets that sign a delivery sent at `now`: the current one, and the previous one during its grace period.
    public func signingSecrets(at now: Date) -> [String] {
        guard let previousSecret, let expiry = previousSecretExpiresAt, expiry > now else { return [secret] }
        return [secret, previousSecret]
    }
}
