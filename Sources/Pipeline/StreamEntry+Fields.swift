import ChainKit
import Foundation

/// The field layout of an entry in the Redis stream: flat `name value` pairs, hex as in JSON-RPC, so an entry reads
/// well in `XRANGE` and parses without a JSON parser on the Processor's hot path.
extension StreamEntry {
    /// Field names, in the order `fields` writes them.
    enum Field {
        static let kind = "kind"
        static let chain = "chain"
        static let blockNumber = "block"
        static let blockHash = "blockHash"
        static let blockTimestamp = "blockTime"
        static let transactionHash = "tx"
        static let transactionIndex = "txIndex"
        static let logIndex = "logIndex"
        static let address = "address"
        static let topics = "topics"
        static let data = "data"
        static let replay = "replay"
        static let endpoint = "endpoint"
    }

    /// The alternating names and values to pass to `XADD`.
    public var fields: [String] {
        var fields = [
            Field.kind, kind.rawValue,
            Field.chain, String(chainID),
            Field.blockNumber, String(log.blockNumber),
            Field.blockHash, log.blockHash.description,
            Field.blockTimestamp, String(blockTimestamp),
            Field.transactionHash, log.transactionHash.description,
            Field.transactionIndex, String(log.transactionIndex),
            Field.logIndex, String(log.logIndex),
            Field.address, log.address.description,
            // Comma-separated; empty for an anonymous event without indexed arguments.
            Field.topics, log.topics.map(\.description).joined(separator: ","),
            Field.data, Hex.encode(log.data),
        ]
        if let replay {
            fields += [Field.replay, replay.id]
            if let endpoint = replay.endpoint { fields += [Field.endpoint, endpoint.uuidString.lowercased()] }
        }
        return fields
    }

    /// Reads an entry from the field/value pairs of `XREADGROUP`/`XRANGE`; unknown fields are ignored (newer
    /// writers may add some), missing or malformed ones throw naming the field.
    /// An array, not `some Sequence`: called from another module a generic stays unspecialised, and looking up tuple
    /// metadata per pair was a tenth of the Processor's time.
    public init(fields pairs: [(String, String)]) throws(StreamEntryError) {
        var values: [String: String] = [:]
        for (name, value) in pairs { values[name] = value }

        func require(_ name: String) throws(StreamEntryError) -> String {
            guard let value = values[name] else { throw StreamEntryError(field: name, problem: "missing") }
            return value
        }
        func number(_ name: String) throws(StreamEntryError) -> UInt64 {
            let text = try require(name)
            guard let value = UInt64(text) else {
                throw StreamEntryError(field: name, problem: "not a decimal number: \(text.prefix(40))")
            }
            return value
        }
        func parse<T>(_ name: String, _ body: (String) throws(HexError) -> T) throws(StreamEntryError) -> T {
            let text = try require(name)
            do {
                return try body(text)
            } catch {
                throw StreamEntryError(field: name, problem: "\(error): \(text.prefix(80))")
            }
        }

        let kindText = try require(Field.kind)
        guard let kind = Kind(rawValue: kindText) else {
            throw StreamEntryError(field: Field.kind, problem: "unknown kind \(kindText.prefix(40))")
        }
        let topicsText = try require(Field.topics)
        var topics: [Hash32] = []
        if !topicsText.isEmpty {
            // Split as bytes: splitting the String compares Characters, half the parse time of an entry.
            for bytes in topicsText.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let part = Substring(bytes)
                do {
                    topics.append(try Hash32(hex: part))
                } catch {
                    throw StreamEntryError(field: Field.topics, problem: "\(error): \(part.prefix(80))")
                }
            }
        }
        guard topics.count <= LogFilter.maximumTopicPositions else {
            throw StreamEntryError(field: Field.topics, problem: "\(topics.count) topics, at most 4")
        }
        let log = Log(
            address: try parse(Field.address) { text throws(HexError) in try Address(hex: text) },
            topics: topics,
            data: try parse(Field.data) { text throws(HexError) in try Hex.decode(text) },
            blockNumber: try number(Field.blockNumber),
            blockHash: try parse(Field.blockHash) { text throws(HexError) in try Hash32(hex: text) },
            blockTimestamp: try number(Field.blockTimestamp),
            transactionHash: try parse(Field.transactionHash) { text throws(HexError) in try Hash32(hex: text) },
            transactionIndex: try number(Field.transactionIndex),
            logIndex: try number(Field.logIndex),
            removed: kind == .removed
        )
        var replay: Replay?
        if kind == .replay {
            let id = try require(Field.replay)
            guard !id.isEmpty else { throw StreamEntryError(field: Field.replay, problem: "empty") }
            var endpoint: UUID?
            if let text = values[Field.endpoint] {
                guard let uuid = UUID(uuidString: text) else {
                    throw StreamEntryError(field: Field.endpoint, problem: "not a UUID: \(text.prefix(40))")
                }
                endpoint = uuid
            }
            replay = Replay(id: id, endpoint: endpoint)
        }
        self.init(kind: kind, chainID: try number(Field.chain), log: log, replay: replay)
    }
}
