/// One EVM log as `eth_getLogs` and the `logs` subscription return it.
public struct Log: Hashable, Sendable {
    /// The contract that emitted it.
    public var address: Address
    /// Up to four 32-byte topics; `topics[0]` is the event's signature hash unless the event is anonymous.
    public var topics: [Hash32]
    /// The non-indexed event arguments, ABI-encoded.
    public var data: [UInt8]
    public var blockNumber: UInt64
    public var blockHash: Hash32
    /// The block's timestamp (unix seconds), which geth adds to logs; other clients may leave it out.
    public var blockTimestamp: UInt64?
    public var transactionHash: Hash32
    public var transactionIndex: UInt64
    /// The log's position in the block.
    public var logIndex: UInt64
    /// True when a reorg removed the block this log was in.
    public var removed: Bool

    /// A log with every field given.
    public init(
        address: Address,
        topics: [Hash32],
        data: [UInt8],
        blockNumber: UInt64,
        blockHash: Hash32,
        blockTimestamp: UInt64?,
        transactionHash: Hash32,
        transactionIndex: UInt64,
        logIndex: UInt64,
        removed: Bool
    ) {
        self.address = address
        self.topics = topics
        self.data = data
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.blockTimestamp = blockTimestamp
        self.transactionHash = transactionHash
        self.transactionIndex = transactionIndex
        self.logIndex = logIndex
        self.removed = removed
    }
}

extension Log {
    /// Decodes a log object; `path` names it in errors (e.g. `result[3]`).
    public init(json: JSONValue, path: String = "") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        try self.init(
            address: fields.address("address"),
            topics: fields.array("topics") { value, path throws(RPCDecodingError) in try value.decodeHash(at: path()) },
            data: fields.bytes("data"),
            blockNumber: fields.quantity("blockNumber"),
            blockHash: fields.hash("blockHash"),
            blockTimestamp: fields.optionalQuantity("blockTimestamp"),
            transactionHash: fields.hash("transactionHash"),
            transactionIndex: fields.quantity("transactionIndex"),
            logIndex: fields.quantity("logIndex"),
            // geth always writes it; a client that leaves it out means a live log.
            removed: fields.nonNull("removed").map { value throws(RPCDecodingError) in
                try value.decodeBool(at: fields.path("removed"))
            } ?? false
        )
    }

    /// Decodes the `result` of `eth_getLogs`: an array of logs.
    public static func list(json: JSONValue, path: String = "result") throws(RPCDecodingError) -> [Log] {
        let elements = try json.decodeArray(at: path)
        var logs: [Log] = []
        logs.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            logs.append(try Log(json: element, path: "\(path)[\(index)]"))
        }
        return logs
    }

    /// The log as geth writes it (field order of go-ethereum's `gen_log_json.go`).
    public var json: JSONValue {
        var members: [JSONMember] = [
            JSONMember("address", .string(address.description)),
            JSONMember("topics", .array(topics.map { .string($0.description) })),
            JSONMember("data", .hex(data)),
            JSONMember("blockNumber", .quantity(blockNumber)),
            JSONMember("transactionHash", .string(transactionHash.description)),
            JSONMember("transactionIndex", .quantity(transactionIndex)),
            JSONMember("blockHash", .string(blockHash.description)),
        ]
        if let blockTimestamp { members.append(JSONMember("blockTimestamp", .quantity(blockTimestamp))) }
        members.append(JSONMember("logIndex", .quantity(logIndex)))
        members.append(JSONMember("removed", .bool(removed)))
        return .object(members)
    }
}

extension Log {
    /// Decodes an `eth_getLogs` response body straight from its bytes: the fast path of the Ingestor.
    public static func decodeGetLogsResponse(_ body: some Collection<UInt8>) throws(RPCDecodingError)
        -> RPCDecodedResponse<[Log]>
    {
        let result: Result<RPCDecodedResponse<[Log]>, RPCDecodingError>? = body.withContiguousStorageIfAvailable {
            buffer in
            Result { () throws(RPCDecodingError) in
                var decoder = LogListDecoder(buffer)
                return try decoder.decodeResponse()
            }
        }
        if let result { return try result.get() }
        return try decodeGetLogsResponse(Array(body))
    }
}
