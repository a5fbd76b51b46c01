/// A block header as `newHeads` notifies it and `eth_getBlockBy*` embeds it; fork fields are nil before their fork.
public struct BlockHeader: Hashable, Sendable {
    public var parentHash: Hash32
    public var sha3Uncles: Hash32
    public var miner: Address
    public var stateRoot: Hash32
    public var transactionsRoot: Hash32
    public var receiptsRoot: Hash32
    /// The 256-byte bloom filter of the block's logs.
    public var logsBloom: [UInt8]
    public var difficulty: UInt256
    public var number: UInt64
    public var gasLimit: UInt64
    public var gasUsed: UInt64
    public var timestamp: UInt64
    public var extraData: [UInt8]
    public var mixHash: Hash32
    /// The 8-byte proof-of-work nonce (zero since the merge).
    public var nonce: UInt64
    /// London (EIP-1559).
    public var baseFeePerGas: UInt256?
    /// Shanghai (EIP-4895).
    public var withdrawalsRoot: Hash32?
    /// Cancun (EIP-4844).
    public var blobGasUsed: UInt64?
    /// Cancun (EIP-4844).
    public var excessBlobGas: UInt64?
    /// Cancun (EIP-4788).
    public var parentBeaconBlockRoot: Hash32?
    /// Prague (EIP-7685).
    public var requestsHash: Hash32?
    /// Block-level access lists (EIP-7928), which geth v1.17 already writes.
    public var blockAccessListHash: Hash32?
    /// The beacon slot, which geth v1.17 already writes.
    public var slotNumber: UInt64?
    /// The block's hash.
    public var hash: Hash32

    /// The member names, in the order go-ethereum's `gen_header_json.go` writes them.
    static let fieldNames: [String] = [
        "parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom",
        "difficulty", "number", "gasLimit", "gasUsed", "timestamp", "extraData", "mixHash", "nonce",
        "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot",
        "requestsHash", "blockAccessListHash", "slotNumber", "hash",
    ]

    /// Decodes a header object (a fork field may be absent or `null`); `path` names it in errors.
    public init(json: JSONValue, path: String = "") throws(RPCDecodingError) {
        try self.init(fields: JSONFields(json, path: path))
    }

    init(fields: JSONFields) throws(RPCDecodingError) {
        parentHash = try fields.hash("parentHash")
        sha3Uncles = try fields.hash("sha3Uncles")
        miner = try fields.address("miner")
        stateRoot = try fields.hash("stateRoot")
        transactionsRoot = try fields.hash("transactionsRoot")
        receiptsRoot = try fields.hash("receiptsRoot")
        logsBloom = try fields.bytes("logsBloom")
        guard logsBloom.count == 256 else {
            let detail = "expected 256 bytes, found \(logsBloom.count)"
            throw RPCDecodingError(.invalidHex, field: fields.path("logsBloom"), detail: detail)
        }
        difficulty = try fields.bigQuantity("difficulty")
        number = try fields.quantity("number")
        gasLimit = try fields.quantity("gasLimit")
        gasUsed = try fields.quantity("gasUsed")
        timestamp = try fields.quantity("timestamp")
        extraData = try fields.bytes("extraData")
        mixHash = try fields.hash("mixHash")
        let nonceBytes = try fields.bytes("nonce")
        guard nonceBytes.count == 8 else {
            let detail = "expected 8 bytes, found \(nonceBytes.count)"
            throw RPCDecodingError(.invalidHex, field: fields.path("nonce"), detail: detail)
        }
        nonce = nonceBytes.reduce(0) { $0 << 8 | UInt64($1) }
        baseFeePerGas = try fields.optionalBigQuantity("baseFeePerGas")
        withdrawalsRoot = try fields.optionalHash("withdrawalsRoot")
        blobGasUsed = try fields.optionalQuantity("blobGasUsed")
        excessBlobGas = try fields.optionalQuantity("excessBlobGas")
        parentBeaconBlockRoot = try fields.optionalHash("parentBeaconBlockRoot")
        requestsHash = try fields.optionalHash("requestsHash")
        blockAccessListHash = try fields.optionalHash("blockAccessListHash")
        slotNumber = try fields.optionalQuantity("slotNumber")
        hash = try fields.hash("hash")
    }

    /// The members with their values in geth's order; nil for a fork field the block does not have.
    var members: [(key: String, value: JSONValue?)] {
        let values: [JSONValue?] = [
            .string(parentHash.description), .string(sha3Uncles.description), .string(miner.description),
            .string(stateRoot.description), .string(transactionsRoot.description),
            .string(receiptsRoot.description), .hex(logsBloom), .string(difficulty.hexQuantity),
            .quantity(number), .quantity(gasLimit), .quantity(gasUsed), .quantity(timestamp), .hex(extraData),
            .string(mixHash.description), .hex(withUnsafeBytes(of: nonce.bigEndian) { Array($0) }),
            baseFeePerGas.map { .string($0.hexQuantity) }, withdrawalsRoot.map { .string($0.description) },
            blobGasUsed.map { .quantity($0) }, excessBlobGas.map { .quantity($0) },
            parentBeaconBlockRoot.map { .string($0.description) }, requestsHash.map { .string($0.description) },
            blockAccessListHash.map { .string($0.description) }, slotNumber.map { .quantity($0) },
            .string(hash.description),
        ]
        return Array(zip(Self.fieldNames, values)).map { (key: $0.0, value: $0.1) }
    }

    /// The header as geth's `newHeads` writes it: every field, `null` for those the block's fork lacks.
    public var json: JSONValue {
        .object(members.map { JSONMember($0.key, $0.value ?? .null) })
    }
}
