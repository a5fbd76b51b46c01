/// The topic part of a `LogFilter`, laid out for matching many filters fast: positions that name a single hash
/// (nearly all of them in practice) are stored inline, so checking a candidate touches no array and costs no
/// reference counting.
@usableFromInline
struct TopicCriteria: Sendable {
    /// How many topics a log needs (the filter's number of positions, wildcards included).
    @usableFromInline let positions: Int
    /// The hash required at each of the first four positions, where exactly one is accepted.
    @usableFromInline let singles: (Hash32?, Hash32?, Hash32?, Hash32?)
    /// All positions, when some accept several hashes; nil otherwise.
    @usableFromInline let alternatives: [[Hash32]]?

    init(_ topics: [[Hash32]]) {
        positions = topics.count
        func single(_ position: Int) -> Hash32? {
            position < topics.count && topics[position].count == 1 ? topics[position][0] : nil
        }
        singles = (single(0), single(1), single(2), single(3))
        alternatives = topics.contains { $0.count > 1 } || topics.count > 4 ? topics : nil
    }

    /// Whether a log with these topics passes (the same rule as `LogFilter.matchesTopics`).
    @inlinable
    func matches(_ topics: [Hash32]) -> Bool {
        guard positions <= topics.count else { return false }
        if let hash = singles.0, topics[0] != hash { return false }
        if let hash = singles.1, topics[1] != hash { return false }
        if let hash = singles.2, topics[2] != hash { return false }
        if let hash = singles.3, topics[3] != hash { return false }
        guard let alternatives else { return true }
        for (position, accepted) in alternatives.enumerated() where accepted.count > 1 {
            if !accepted.contains(topics[position]) { return false }
        }
        return true
    }
}
