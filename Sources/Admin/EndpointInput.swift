public import Store

/// The endpoint fields a create or an update gives, as they arrived (text or loosely typed); nil = not given.
/// `apply(to:allowPrivateTargets:)` checks them, so the CLI and the API refuse the same things the same way.
public struct EndpointInput: Sendable {
    public var url: String?
    /// A chain id as text (the API passes its integer as text).
    public var chainID: String?
    /// Contract addresses; empty = any contract.
    public var addresses: [String]?
    /// Topic positions 0–3: nil = not named (a wildcard; position 0 takes the events' topic0s), empty = any,
    /// else any of these hashes. An empty list of positions = no topic constraint.
    public var topics: [[String]?]?
    /// Event signatures or JSON ABI fragments (text starting with `{`); they replace the events and set topic 0
    /// unless `topics` names it. Empty = forget the events and the topic 0 they set.
    public var events: [String]?
    /// Events already read from JSON ABI files (the CLI's `--abi`), added after `events`.
    public var abiEvents: [EndpointEvent] = []
    /// `whsec_…`.
    public var secret: String?
    public var rateLimitPerSecond: Clearable?
    public var maxAttempts: Clearable?
    public var timeoutMilliseconds: String?
    public var description: String?

    public init() {}
}
