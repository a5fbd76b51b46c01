import ChainKit
public import Foundation
public import Store

/// The enabled endpoints, indexed per chain for matching: the Processor's view of `EndpointCatalog`.
///
/// A value type: the Processor matches a batch against a snapshot while catalog changes build the next one.
public struct SubscriptionIndex: Sendable {
    private var filters: [UInt64: FilterIndex<UUID>] = [:]
    private var subscriptions: [UUID: Subscription] = [:]

    public init() {}

    /// How many endpoints are indexed (enabled ones only).
    public var count: Int { subscriptions.count }

    /// Applies one change of the catalog.
    public mutating func apply(_ change: EndpointCatalog.Change) {
        switch change {
        case .reloaded(let endpoints):
            self = SubscriptionIndex()
            for endpoint in endpoints { upsert(endpoint) }
        case .updated(let endpoint):
            upsert(endpoint)
        case .removed(let id):
            remove(id)
        }
    }

    /// Indexes an enabled endpoint (replacing what it had); a disabled one is removed.
    public mutating func upsert(_ endpoint: Endpoint) {
        remove(endpoint.id)
        guard endpoint.enabled else { return }
        subscriptions[endpoint.id] = Subscription(endpoint)
        filters[endpoint.chainID, default: FilterIndex()].insert(endpoint.filter, for: endpoint.id)
    }

    public mutating func remove(_ id: UUID) {
        guard let old = subscriptions.removeValue(forKey: id) else { return }
        filters[old.chainID]?.remove(id)
        if filters[old.chainID]?.count == 0 { filters[old.chainID] = nil }
    }

    /// The enabled endpoints of `chainID` whose filter selects `log`.
    func matches(_ log: Log, chainID: UInt64) -> [Subscription] {
        guard let index = filters[chainID] else { return [] }
        return index.matches(log).compactMap { subscriptions[$0] }
    }

    /// `id` when it is enabled, of `chainID`, and its filter selects `log` (a replay aimed at one endpoint).
    func match(_ id: UUID, _ log: Log, chainID: UInt64) -> Subscription? {
        guard let subscription = subscriptions[id], subscription.chainID == chainID,
            filters[chainID]?[id]?.matches(log) == true
        else { return nil }
        return subscription
    }
}
