/// The parameter of `eth_getLogs`: a filter and the blocks to search (a range, or one block by hash).
public struct LogQuery: Hashable, Sendable {
    /// Which blocks.
    public enum Blocks: Hashable, Sendable {
        /// `fromBlock`…`toBlock`, inclusive; nil leaves the member out (the node defaults both to `latest`).
        case range(from: BlockTag?, to: BlockTag?)
        case hash(Hash32)
    }

    public var filter: LogFilter
    public var blocks: Blocks

    /// A query for `filter` over `blocks`.
    public init(filter: LogFilter, blocks: Blocks) {
        self.filter = filter
        self.blocks = blocks
    }

    /// Decodes the filter object of an `eth_getLogs` request.
    public init(json: JSONValue, path: String = "params[0]") throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        filter = try LogFilter(json: json, path: path)
        let from = try fields.nonNull("fromBlock").map { value throws(RPCDecodingError) in
            try BlockTag(json: value, path: fields.path("fromBlock"))
        }
        let to = try fields.nonNull("toBlock").map { value throws(RPCDecodingError) in
            try BlockTag(json: value, path: fields.path("toBlock"))
        }
        if let hash = try fields.optionalHash("blockHash") {
            guard from == nil && to == nil else {
                // geth's words, so that a user comparing with a node sees the same refusal.
                throw RPCDecodingError(
                    .invalidValue,
                    field: path,
                    detail: "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"
                )
            }
            blocks = .hash(hash)
        } else {
            blocks = .range(from: from, to: to)
        }
    }

    /// The filter object, members sorted by name as geth's tooling writes them.
    public var json: JSONValue {
        var members = filter.members
        switch blocks {
        case .range(let from, let to):
            if let from { members.append(JSONMember("fromBlock", from.json)) }
            if let to { members.append(JSONMember("toBlock", to.json)) }
        case .hash(let hash):
            members.append(JSONMember("blockHash", .string(hash.description)))
        }
        members.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return .object(members)
    }

    /// The `eth_getLogs` request for this query.
    public func request(id: RPCID) -> RPCRequest {
        RPCRequest(id: id, method: "eth_getLogs", params: [json])
    }

    /// Whether `log` is selected: the filter, and the block bounds that are numbers (named blocks are the node's
    /// to resolve; a hash query compares the log's block hash).
    public func matches(_ log: Log) -> Bool {
        guard filter.matches(log) else { return false }
        switch blocks {
        case .hash(let hash):
            return log.blockHash == hash
        case .range(let from, let to):
            if case .number(let first)? = from, log.blockNumber < first { return false }
            if case .number(let last)? = to, log.blockNumber > last { return false }
            return true
        }
    }
}
