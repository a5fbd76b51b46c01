/// Events keyed by topic0, for decoding logs whose event is not known in advance.
///
/// Several events may share topic0 (ERC-20 and ERC-721 `Transfer` differ only in which inputs are indexed):
/// a log is decoded with the first registered event whose topic count matches and that decodes strictly, so a
/// log never gets a decoding of the wrong layout. Events with the same layout but other names (WETH9's
/// `Transfer(src,dst,wad)` after ERC-20's `Transfer(from,to,value)`) are kept once: the first one registered.
public struct ABIRegistry: Sendable {
    private var eventsByTopic0: [Hash32: [ABIEvent]] = [:]

    /// Makes a registry holding the given events (see `add(_:)`).
    public init(_ events: some Sequence<ABIEvent> = [ABIEvent]()) {
        for event in events { add(event) }
    }

    /// Registers an event; returns false (and changes nothing) for an anonymous event, which has no topic0, or
    /// when an event with the same topic0 and the same indexed layout is already there.
    @discardableResult
    public mutating func add(_ event: ABIEvent) -> Bool {
        guard !event.anonymous else { return false }
        var candidates = eventsByTopic0[event.topic0, default: []]
        let layout = event.inputs.map { ($0.type, $0.indexed) }
        guard !candidates.contains(where: { $0.inputs.map { ($0.type, $0.indexed) }.elementsEqual(layout, by: ==) })
        else { return false }
        candidates.append(event)
        eventsByTopic0[event.topic0] = candidates
        return true
    }

    /// The events registered under a topic0, in registration order.
    public func events(topic0: Hash32) -> [ABIEvent] {
        eventsByTopic0[topic0] ?? []
    }

    /// How many events are registered.
    public var count: Int {
        eventsByTopic0.values.reduce(0) { $0 + $1.count }
    }

    /// Decodes a log with the first candidate for its topic0 that fits it exactly, or nil when none does.
    public func decode(topics: [Hash32], data: some Collection<UInt8>) -> DecodedEvent? {
        decode(topics: topics, data: Array(data))
    }

    /// `decode(topics:data:)` for data in an array: called from another module the generic one is not specialised,
    /// and copying a log's data through it element by element was part of every decode.
    public func decode(topics: [Hash32], data: [UInt8]) -> DecodedEvent? {
        guard let topic0 = topics.first, let candidates = eventsByTopic0[topic0] else { return nil }
        for event in candidates where event.topicCount == topics.count {
            if let decoded = try? event.decodeLog(topics: topics, data: data) {
                return decoded
            }
        }
        return nil
    }
}
