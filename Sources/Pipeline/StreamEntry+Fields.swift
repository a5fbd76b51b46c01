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

    /// The values of the known fields of an entry, by field, as UTF-8 bytes; unknown fields are left out.
    private struct KnownFields {
        /// Every name's UTF-8 bytes, indexed by `rawValue`.
        private static let nameBytes = Field.names.map { Array($0.utf8) }

        // Inline: no allocation per entry. The count is `Field.allCases.count` (checked in `init`).
        private var values = InlineArray<13, UnsafeRawBufferPointer?>(repeating: nil)

        /// The last value of each known name wins (as when they were put in a dictionary). Hashing 11 names per entry
        /// cost more than parsing the values: names are compared instead, first with the one `fields` writes at that
        /// position, which is the one in every entry an evmhook Ingestor wrote.
        init(
            count: Int, pair: (Int) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)
        ) {
            assert(values.count == Field.allCases.count)
            for position in 0..<count {
                let (name, value) = pair(position)
                if position < values.count && Self.equal(name, Self.nameBytes[position]) {
                    values[position] = value
                } else if let slot = Self.nameBytes.firstIndex(where: { Self.equal(name, $0) }) {
                    values[slot] = value
                }
            }
        }

        private static func equal(_ bytes: UnsafeRawBufferPointer, _ name: [UInt8]) -> Bool {
            bytes.count == name.count && name.withUnsafeBytes { name in bytes.elementsEqual(name) }
        }

        subscript(field: Field) -> UnsafeRawBufferPointer? { values[field.rawValue] }
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
        // Every name and value, one after the other, in one buffer for the byte-level parser.
        var storage: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(2 * pairs.count)
        for (name, value) in pairs {
            storage.append(contentsOf: name.utf8)
            ends.append(storage.count)
            storage.append(contentsOf: value.utf8)
            ends.append(storage.count)
        }
        let result = storage.withUnsafeBytes { bytes in
            Result { () throws(StreamEntryError) in
                try StreamEntry(fieldCount: pairs.count) { position in
                    let nameStart = position == 0 ? 0 : ends[2 * position - 1]
                    return (
                        UnsafeRawBufferPointer(rebasing: bytes[nameStart..<ends[2 * position]]),
                        UnsafeRawBufferPointer(rebasing: bytes[ends[2 * position]..<ends[2 * position + 1]])
                    )
                }
            }
        }
        self = try result.get()
    }

    /// Reads an entry from `fieldCount` field/value pairs given as UTF-8 bytes (`pair(i)` is the i-th, valid during
    /// this call), as `init(fields:)` does: the Processor parses a stream reply in place, without making a `String`
    /// of every name and value. Bytes that are not UTF-8 make the same errors as their `String(decoding:)` would.
    public init(
        fieldCount: Int, pair: (Int) -> (name: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)
    ) throws(StreamEntryError) {
        let values = KnownFields(count: fieldCount, pair: pair)

        func require(_ field: Field) throws(StreamEntryError) -> UnsafeBufferPointer<UInt8> {
            guard let value = values[field] else { throw StreamEntryError(field: field.name, problem: "missing") }
            return value.assumingMemoryBound(to: UInt8.self)
        }
        func text(_ field: Field) throws(StreamEntryError) -> String {
            String(decoding: try require(field), as: UTF8.self)
        }
        func number(_ field: Field) throws(StreamEntryError) -> UInt64 {
            let bytes = try require(field)
            if let value = Self.decimal(bytes) { return value }
            // Signs and overlong forms: what `UInt64(String)` accepts, so both paths agree.
            let text = String(decoding: bytes, as: UTF8.self)
            guard let value = UInt64(text) else {
                throw StreamEntryError(field: field.name, problem: "not a decimal number: \(text.prefix(40))")
            }
            return value
        }
        func parse<T>(
            _ field: Field, _ bytes: UnsafeBufferPointer<UInt8>,
            _ fast: (UnsafeBufferPointer<UInt8>) throws(HexError) -> T,
            _ slow: (String) throws(HexError) -> T
        ) throws(StreamEntryError) -> T {
            do {
                return try fast(bytes)
            } catch {
                // Parsed again as the `String` it used to be, so that the error (positions, the character named)
                // is the one that text gives, even when the bytes are not UTF-8.
                let text = String(decoding: bytes, as: UTF8.self)
                do {
                    return try slow(text)
                } catch {
                    throw StreamEntryError(field: field.name, problem: "\(error): \(text.prefix(80))")
                }
            }
        }
        func hash(_ field: Field) throws(StreamEntryError) -> Hash32 {
            try parse(
                field, try require(field), { bytes throws(HexError) in try Hash32(utf8Hex: bytes) },
                { text throws(HexError) in try Hash32(hex: text) })
        }

        let kindText = try text(Field.kind)
        guard let kind = Kind(rawValue: kindText) else {
            throw StreamEntryError(field: Field.kind.name, problem: "unknown kind \(kindText.prefix(40))")
        }
        let topicsBytes = try require(Field.topics)
        var topics: [Hash32] = []
        if !topicsBytes.isEmpty {
            // Cut at the commas; a comma never falls inside a byte sequence `String(decoding:)` replaces.
            var start = 0
            while true {
                let end = topicsBytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? topicsBytes.endIndex
                topics.append(
                    try parse(
                        Field.topics, UnsafeBufferPointer(rebasing: topicsBytes[start..<end]),
                        { bytes throws(HexError) in try Hash32(utf8Hex: bytes) },
                        { text throws(HexError) in try Hash32(hex: text) }))
                guard end < topicsBytes.endIndex else { break }
                start = end + 1
            }
        }
        guard topics.count <= LogFilter.maximumTopicPositions else {
            throw StreamEntryError(field: Field.topics.name, problem: "\(topics.count) topics, at most 4")
        }
        let log = Log(
            address: try parse(
                Field.address, try require(Field.address), { bytes throws(HexError) in try Address(utf8Hex: bytes) },
                { text throws(HexError) in try Address(hex: text) }),
            topics: topics,
            data: try parse(
                Field.data, try require(Field.data), { bytes throws(HexError) in try Hex.decode(utf8Hex: bytes) },
                { text throws(HexError) in try Hex.decode(text) }),
            blockNumber: try number(Field.blockNumber),
            blockHash: try hash(Field.blockHash),
            blockTimestamp: try number(Field.blockTimestamp),
            transactionHash: try hash(Field.transactionHash),
            transactionIndex: try number(Field.transactionIndex),
            logIndex: try number(Field.logIndex),
            removed: kind == .removed
        )
        var replay: Replay?
        if kind == .replay {
            let id = try text(Field.replay)
            guard !id.isEmpty else { throw StreamEntryError(field: Field.replay.name, problem: "empty") }
            var endpoint: UUID?
            if values[Field.endpoint] != nil {
                let text = try text(Field.endpoint)
                guard let uuid = UUID(uuidString: text) else {
                    throw StreamEntryError(field: Field.endpoint.name, problem: "not a UUID: \(text.prefix(40))")
                }
                endpoint = uuid
            }
            replay = Replay(id: id, endpoint: endpoint)
        }
        self.init(kind: kind, chainID: try number(Field.chain), log: log, replay: replay)
    }

    /// One to nineteen ASCII digits (never more than `UInt64.max`); nil for anything else.
    private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard (1...19).contains(bytes.count) else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ UInt64(digit)
        }
        return value
    }
}
