/// A block as `eth_getBlockByNumber` / `eth_getBlockByHash` return it: the header and the block's lists.
public struct Block: Hashable, Sendable {
    public var header: BlockHeader
    /// The block's RLP size in bytes.
    public var size: UInt64
    /// The chain's total difficulty up to this block (left out by geth since the merge; other clients send it).
    public var totalDifficulty: UInt256?
    public var transactions: Transactions
    public var uncles: [Hash32]
    /// Present from Shanghai on.
    public var withdrawals: [Withdrawal]?
    /// Members this type does not model, kept verbatim so that re-encoding loses nothing.
    public var otherFields: [JSONMember]

    /// The transactions: hashes, or full objects when the request asked for them.
    public enum Transactions: Hashable, Sendable {
        case hashes([Hash32])
        /// Full transaction objects, kept as JSON (ChainKit does not model transactions).
        case objects([JSONValue])
    }

    /// The member names this type decodes itself.
    private static let knownFields = Set(BlockHeader.fieldNames).union([
        "size", "totalDifficulty", "transactions", "uncles", "withdrawals",
    ])

    /// Decodes a block object; `path` names it in errors.
    public init(json: JSONValue, path: String = "result") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        header = try BlockHeader(fields: fields)
        size = try fields.quantity("size")
        totalDifficulty = try fields.optionalBigQuantity("totalDifficulty")
        let list = try fields.required("transactions").decodeArray(at: fields.path("transactions"))
        if list.allSatisfy({ $0.stringValue != nil }) {
            transactions = .hashes(
                try fields.array("transactions") { value, path throws(RPCDecodingError) in
                    try value.decodeHash(at: path())
                }
            )
        } else {
            transactions = .objects(list)
        }
        uncles = try fields.array("uncles") { value, path throws(RPCDecodingError) in try value.decodeHash(at: path()) }
        withdrawals = try fields.nonNull("withdrawals").map { _ throws(RPCDecodingError) in
            try fields.array("withdrawals") { value, path throws(RPCDecodingError) in
                try Withdrawal(json: value, path: path())
            }
        }
        otherFields = fields.unknownMembers(known: Self.knownFields)
    }

    /// The block as geth writes it: members sorted by name (it marshals a Go map), absent fork fields left out.
    public var json: JSONValue {
        var members = header.members.compactMap { member in member.value.map { JSONMember(member.key, $0) } }
        members.append(JSONMember("size", .quantity(size)))
        if let totalDifficulty { members.append(JSONMember("totalDifficulty", .string(totalDifficulty.hexQuantity))) }
        switch transactions {
        case .hashes(let hashes):
            members.append(JSONMember("transactions", .array(hashes.map { .string($0.description) })))
        case .objects(let objects): members.append(JSONMember("transactions", .array(objects)))
        }
        members.append(JSONMember("uncles", .array(uncles.map { .string($0.description) })))
        if let withdrawals { members.append(JSONMember("withdrawals", .array(withdrawals.map(\.json)))) }
        members += otherFields
        // Go sorts map keys by their bytes.
        members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return .object(members)
    }
}
