/// Many log filters, indexed so that matching one log costs time in proportion to the filters that could match
/// it, not to how many filters there are.
///
/// A filter is filed under each of its addresses; a filter without addresses under each hash of its first
/// constrained topic position; a filter constraining neither goes in a bucket every log is checked against.
/// A log then looks up its address and each of its topics, and checks only the filters found there.
public struct FilterIndex<ID: Hashable & Sendable>: Sendable {
    /// Where a filter without addresses is filed: a hash at a topic position.
    @usableFromInline
    struct TopicKey: Hashable, Sendable {
        @usableFromInline var position: Int
        @usableFromInline var hash: Hash32

        @inlinable
        init(position: Int, hash: Hash32) {
            self.position = position
            self.hash = hash
        }
    }

    /// A filed filter: its address is already known to match where it is filed, so only topics are checked.
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var id: ID
        @usableFromInline var topics: TopicCriteria
    }

    // Internal and inlinable so that `matches` is specialised for the caller's `ID`: called generically across
    // the module boundary, it spent its time looking up generic metadata.
    private var filters: [ID: LogFilter] = [:]
    @usableFromInline var byAddress: [Address: [Entry]] = [:]
    @usableFromInline var byTopic: [TopicKey: [Entry]] = [:]
    @usableFromInline var unconstrained: [Entry] = []

    /// An empty index.
    public init() {}

    /// The number of filters.
    public var count: Int { filters.count }

    /// The filter stored for `id`.
    public subscript(id: ID) -> LogFilter? { filters[id] }

    /// Adds a filter, replacing the one `id` had.
    public mutating func insert(_ filter: LogFilter, for id: ID) {
        remove(id)
        filters[id] = filter
        let entry = Entry(id: id, topics: TopicCriteria(filter.topics))
        if !filter.addresses.isEmpty {
            for address in Set(filter.addresses) { byAddress[address, default: []].append(entry) }
        } else if let position = filter.topics.firstIndex(where: { !$0.isEmpty }) {
            for hash in Set(filter.topics[position]) {
                byTopic[TopicKey(position: position, hash: hash), default: []].append(entry)
            }
        } else {
            unconstrained.append(entry)
        }
    }

    /// Removes the filter of `id` and returns it.
    @discardableResult
    public mutating func remove(_ id: ID) -> LogFilter? {
        guard let filter = filters.removeValue(forKey: id) else { return nil }
        if !filter.addresses.isEmpty {
            for address in Set(filter.addresses) {
                byAddress[address]?.removeAll { $0.id == id }
                if byAddress[address]?.isEmpty == true { byAddress[address] = nil }
            }
        } else if let position = filter.topics.firstIndex(where: { !$0.isEmpty }) {
            for hash in Set(filter.topics[position]) {
                let key = TopicKey(position: position, hash: hash)
                byTopic[key]?.removeAll { $0.id == id }
                if byTopic[key]?.isEmpty == true { byTopic[key] = nil }
            }
        } else {
            unconstrained.removeAll { $0.id == id }
        }
        return filter
    }

    /// The ids of the filters that select `log`, each once.
    @inlinable
    public func matches(_ log: Log) -> [ID] {
        var result: [ID] = []
        // A filter sits in one address bucket per address, and a log has one address: no duplicates here.
        if let entries = byAddress[log.address] { Self.collect(entries, log.topics, into: &result) }
        // A filter without addresses sits under one topic position only, and each hash at most once.
        for (position, topic) in log.topics.enumerated() {
            guard let entries = byTopic[TopicKey(position: position, hash: topic)] else { continue }
            Self.collect(entries, log.topics, into: &result)
        }
        Self.collect(unconstrained, log.topics, into: &result)
        return result
    }

    /// Appends the ids of the entries whose topic criteria pass.
    @inlinable
    static func collect(_ entries: [Entry], _ topics: [Hash32], into result: inout [ID]) {
        // Through a buffer pointer: entries are read in place, where a `for entry in entries` loop copied each
        // one (a tenth of the matching time went to those copies).
        entries.withUnsafeBufferPointer { buffer in
            for index in buffer.indices where buffer[index].topics.matches(topics) { result.append(buffer[index].id) }
        }
    }
}
