/// Which logs to select, with exactly `eth_getLogs` semantics for addresses and topics.
///
/// A log matches when its address is one of `addresses` (or `addresses` is empty) and, for every position `i` of
/// `topics`, the log has a topic `i` that is one of `topics[i]` (an empty list is a wildcard). A filter with more
/// positions than the log has topics does not match it, even when the extra positions are wildcards: geth's
/// `filterLogs` checks `len(topics) > len(log.Topics)` first.
public struct LogFilter: Hashable, Sendable {
    /// Contracts to match, any of them; empty matches every contract.
    public var addresses: [Address]
    /// Criteria by topic position; an empty list matches any topic at that position.
    public var topics: [[Hash32]]

    /// Topic positions a filter may have (LOG0…LOG4 write at most four topics).
    public static let maximumTopicPositions = 4

    /// A filter with these criteria; the default matches every log.
    public init(addresses: [Address] = [], topics: [[Hash32]] = []) {
        self.addresses = addresses
        self.topics = topics
    }

    /// Whether `log` is selected.
    public func matches(_ log: Log) -> Bool {
        if !addresses.isEmpty && !addresses.contains(log.address) { return false }
        return matchesTopics(log.topics)
    }

    /// Whether the topic criteria select a log with these topics.
    @inline(__always)
    func matchesTopics(_ logTopics: [Hash32]) -> Bool {
        guard topics.count <= logTopics.count else { return false }
        for (position, accepted) in topics.enumerated() where !accepted.isEmpty {
            if !accepted.contains(logTopics[position]) { return false }
        }
        return true
    }
}

extension LogFilter {
    /// Reads `address` and `topics` of an `eth_getLogs` / `eth_subscribe("logs")` filter object, as geth does:
    /// `address` is a string, an array of strings or null; `topics` holds per position null, a hash, or an array
    /// of hashes, where a null inside an array makes the whole position a wildcard. Other members are ignored.
    public init(json: JSONValue, path: String = "params[0]") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        switch fields.optional("address") {
        case nil, .null?:
            addresses = []
        case .string?:
            addresses = [try fields.address("address")]
        case .array?:
            addresses = try fields.array("address") { value, path throws(RPCDecodingError) in
                try value.decodeAddress(at: path())
            }
        case let other?:
            throw other.wrongType("an address or an array of addresses", { fields.path("address") })
        }
        topics = try Self.topics(fields)
    }

    private static func topics(_ fields: JSONFields) throws(RPCDecodingError) -> [[Hash32]] {
        guard let value = fields.nonNull("topics") else { return [] }
        let positions = try value.decodeArray(at: fields.path("topics"))
        guard positions.count <= maximumTopicPositions else {
            // geth: errExceedMaxTopics.
            throw RPCDecodingError(.invalidValue, field: fields.path("topics"), detail: "exceed max topics")
        }
        var topics: [[Hash32]] = []
        for (position, criterion) in positions.enumerated() {
            let path = "\(fields.path("topics"))[\(position)]"
            switch criterion {
            case .null:
                topics.append([])
            case .string:
                topics.append([try criterion.decodeHash(at: path)])
            case .array(let alternatives):
                var hashes: [Hash32] = []
                var wildcard = false
                for (index, alternative) in alternatives.enumerated() {
                    if alternative == .null {
                        wildcard = true
                    } else {
                        hashes.append(try alternative.decodeHash(at: "\(path)[\(index)]"))
                    }
                }
                topics.append(wildcard ? [] : hashes)
            default:
                throw criterion.wrongType("null, a topic or an array of topics", { path })
            }
        }
        return topics
    }

    /// The `address` and `topics` members as geth's ethclient writes them (wildcards as `null`).
    var members: [JSONMember] {
        var members: [JSONMember] = []
        if !addresses.isEmpty {
            members.append(JSONMember("address", .array(addresses.map { .string($0.description) })))
        }
        if !topics.isEmpty {
            let positions: [JSONValue] = topics.map { $0.isEmpty ? .null : .array($0.map { .string($0.description) }) }
            members.append(JSONMember("topics", .array(positions)))
        }
        return members
    }

    /// The filter object for `eth_subscribe("logs", …)`.
    public var json: JSONValue { .object(members) }
}
