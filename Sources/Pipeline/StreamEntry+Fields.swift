import ChainKit
import Foundation

/// The field layout of an entry in the Redis stream: flat `name value` pairs, hex as in JSON-RPC, so an entry reads
/// well in `XRANGE` and parses without a JSON parser on the Processor's hot path.
extension StreamEntry {
    /// The fields, in the order `fields` writes them.
    enum Field: Int, CaseIterable {
        case kind, chain, blockNumber, blockHash, blockTimestamp, transactionHash, transactionIndex, logIndex, address
        case topics, data, replay, endpoint

        /// The field's name in the stream.
        var name: String {
            switch self {
            case .kind: "kind"
            case .chain: "chain"
            case .blockNumber: "block"
            case .blockHash: "blockHash"
            case .blockTimestamp: "blockTime"
            case .transactionHash: "tx"
            case .transactionIndex: "txIndex"
            case .logIndex: "logIndex"
            case .address: "address"
            case .topics: "topics"
            case .data: "data"
            case .replay: "replay"
            case .endpoint: "endpoint"
            }
        }

        /// Every name, indexed by `rawValue`.
        static let names = allCases.map(\.name)
    }

    /// The values of the known fields of an entry, by field; unknown fields are left out.
    private struct KnownFields {
        private var values: [String?]

        /// The last value of each known name wins (as when they were put in a dictionary). Hashing 11 names per entry
        /// cost more than parsing the values: names are compared instead, first with the one `fields` writes at that
        /// position, which is the one in every entry an evmhook Ingestor wrote.
        init(_ pairs: [(String, String)]) {
            values = Array(repeating: nil, count: Field.names.count)
            for (position, pair) in pairs.enumerated() {
                if position < Field.names.count && Field.names[position] == pair.0 {
                    values[position] = pair.1
                } else if let slot = Field.names.firstIndex(of: pair.0) {
                    values[slot] = pair.1
                }
            }
        }

        subscript(field: Field) -> String? { values[field.rawValue] }
    }

    /// The alternating names and values to pass to `XADD`.
    public var fields: [String] {
        var fields = [
            Field.kind.name, kind.rawValue,
            Field.chain.name, String(chainID),
            Field.blockNumber.name, String(log.blockNumber),
            Field.blockHash.name, log.blockHash.description,
            Field.blockTimestamp.name, String(blockTimestamp),
            Field.transactionHash.name, log.transactionHash.description,
            Field.transactionIndex.name, String(log.transactionIndex),
            Field.logIndex.name, String(log.logIndex),
            Field.address.name, log.address.description,
            // Comma-separated; empty for an anonymous event without indexed arguments.
            Field.topics.name, log.topics.map(\.description).joined(separator: ","),
            Field.data.name, Hex.encode(log.data),
        ]
        if let replay {
            fields += [Field.replay.name, replay.id]
            if let endpoint = replay.endpoint { fields += [Field.endpoint.name, endpoint.uuidString.lowercased()] }
        }
        return fields
    }

    /// Reads an entry from the field/value pairs of `XREADGROUP`/`XRANGE`; unknown fields are ignored (newer
    /// writers may add some), missing or malformed ones throw naming the field.
    /// An array, not `some Sequence`: called from another module a generic stays unspecialised, and looking up tuple
    /// metadata per pair was a tenth of the Processor's time.
    public init(fields pairs: [(String, String)]) throws(StreamEntryError) {
        let values = KnownFields(pairs)

        func require(_ field: Field) throws(StreamEntryError) -> String {
            guard let value = values[field] else { throw StreamEntryError(field: field.name, problem: "missing") }
            return value
        }
        func number(_ field: Field) throws(StreamEntryError) -> UInt64 {
            let text = try require(field)
            guard let value = UInt64(text) else {
                throw StreamEntryError(field: field.name, problem: "not a decimal number: \(text.prefix(40))")
            }
            return value
        }
        func parse<T>(_ field: Field, _ body: (String) throws(HexError) -> T) throws(StreamEntryError) -> T {
            let text = try require(field)
            do {
                return try body(text)
            } catch {
                throw StreamEntryError(field: field.name, problem: "\(error): \(text.prefix(80))")
            }
        }

        let kindText = try require(Field.kind)
        guard let kind = Kind(rawValue: kindText) else {
            throw StreamEntryError(field: Field.kind.name, problem: "unknown kind \(kindText.prefix(40))")
        }
        let topicsText = try require(Field.topics)
        var topics: [Hash32] = []
        if !topicsText.isEmpty {
            // Cut at the commas' byte offsets: splitting the String compares Characters (half the parse time of an
            // entry), and even `utf8.split` built an array of slices through unspecialised generic code.
            let utf8 = topicsText.utf8
            var start = utf8.startIndex
            while true {
                let end = utf8[start...].firstIndex(of: UInt8(ascii: ",")) ?? utf8.endIndex
                let part = topicsText[start..<end]
                do {
                    topics.append(try Hash32(hex: part))
                } catch {
                    throw StreamEntryError(field: Field.topics.name, problem: "\(error): \(part.prefix(80))")
                }
                guard end < utf8.endIndex else { break }
                start = utf8.index(after: end)
            }
        }
        guard topics.count <= LogFilter.maximumTopicPositions else {
            throw StreamEntryError(field: Field.topics.name, problem: "\(topics.count) topics, at most 4")
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
            guard !id.isEmpty else { throw StreamEntryError(field: Field.replay.name, problem: "empty") }
            var endpoint: UUID?
            if let text = values[Field.endpoint] {
                guard let uuid = UUID(uuidString: text) else {
                    throw StreamEntryError(field: Field.endpoint.name, problem: "not a UUID: \(text.prefix(40))")
                }
                endpoint = uuid
            }
            replay = Replay(id: id, endpoint: endpoint)
        }
        self.init(kind: kind, chainID: try number(Field.chain), log: log, replay: replay)
    }
}
