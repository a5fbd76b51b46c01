import ChainKit

/// JSON-RPC: one request object in, its result as JSON text (or a failure) out.
extension DevChainNode {
    /// Answers one request. `overWebSocket` decides whether subscriptions are allowed (geth refuses them over HTTP).
    func dispatch(method: String, params: [JSONValue], socket: Int?) throws(RPCFailure) -> String {
        let head = chain.head.number
        switch method {
        case "eth_chainId": return ChainJSON.quantity(chain.configuration.chainID)
        case "net_version": return "\"\(chain.configuration.chainID)\""
        case "web3_clientVersion": return "\"evmhook-devchain/v0.1.0/linux\""
        case "eth_blockNumber": return ChainJSON.quantity(head)
        case "eth_getBlockByNumber":
            let tag = try param(params, 0)
            let number = try GethParams.decode(argument: 0) { () throws(RPCDecodingError) in
                try BlockTag(json: tag, path: "params[0]")
            }.resolve(head: head)
            let full = try bool(params, 1)
            return chain.block(number: number).map {
                ChainJSON.block($0, fullTransactions: full, chainID: chain.configuration.chainID)
            } ?? "null"
        case "eth_getBlockByHash":
            let hash = try hash(params, 0)
            let full = try bool(params, 1)
            return chain.block(hash: hash).map {
                ChainJSON.block($0, fullTransactions: full, chainID: chain.configuration.chainID)
            } ?? "null"
        case "eth_getTransactionReceipt":
            guard let (block, index) = chain.transaction(hash: try hash(params, 0)) else { return "null" }
            return ChainJSON.receipt(index: index, in: block)
        case "eth_getLogs":
            let filter = try param(params, 0)
            return try logs(
                GethParams.decode(argument: 0) { () throws(RPCDecodingError) in try LogQuery(json: filter) }
            )
        case "eth_subscribe":
            return try subscribe(params, socket: socket)
        case "eth_unsubscribe":
            guard let socket else { throw RPCFailure(code: -32601, message: "notifications not supported") }
            guard case .string(let id) = try param(params, 0) else { throw .invalidParams("invalid argument 0") }
            guard sockets[socket]?.subscriptions.removeValue(forKey: id) != nil else {
                throw RPCFailure(code: -32000, message: "subscription not found")
            }
            return "true"
        default:
            throw .methodNotFound(method)
        }
    }

    /// `eth_getLogs`, with geth's range checks, then the configured provider limit.
    private func logs(_ query: LogQuery) throws(RPCFailure) -> String {
        let head = chain.head.number
        var blocks: [ChainBlock]
        var range: (from: UInt64, to: UInt64)
        switch query.blocks {
        case .hash(let hash):
            guard let block = chain.block(hash: hash) else { throw RPCFailure.unknownBlock }
            blocks = [block]
            range = (block.number, block.number)
        case .range(let fromTag, let toTag):
            // An absent bound means `latest`, as in geth.
            let from = (fromTag ?? .latest).resolve(head: head)
            let to = (toTag ?? .latest).resolve(head: head)
            guard from <= to else { throw RPCFailure.invalidParams("invalid block range params") }
            guard to <= head else { throw RPCFailure.invalidParams("block range extends beyond current head block") }
            range = (from, to)
            if let limit = faults.getLogsLimit, let maxRange = limit.maxRange, to - from + 1 > maxRange {
                // Refused before reading anything, as providers do; the suggestion stays within the limit.
                throw limit.refusal(
                    from: from, to: to, resultCount: 0, largestAnswerable: largestAnswerable(from: from, limit: limit)
                )!
            }
            blocks = (from...to).map { chain.canonical[Int($0)] }
        }
        var texts: [String] = []
        for block in blocks {
            for (index, log) in block.logs.enumerated() where query.filter.matches(log) {
                if faults.logsWithoutTimestamp {
                    var log = log
                    log.blockTimestamp = nil
                    texts.append(ChainJSON.log(log))
                } else {
                    texts.append(block.logJSON[index])
                }
            }
        }
        if let limit = faults.getLogsLimit,
            let refusal = limit.refusal(
                from: range.from, to: range.to, resultCount: texts.count,
                largestAnswerable: largestAnswerable(from: range.from, limit: limit, filter: query.filter)
            )
        {
            throw refusal
        }
        return "[" + texts.joined(separator: ",") + "]"
    }

    /// The end of the longest range from `from` that a limited provider would answer (at least `from` itself).
    private func largestAnswerable(from: UInt64, limit: GetLogsLimit, filter: LogFilter? = nil) -> UInt64 {
        var end = from
        var count = 0
        for number in from...chain.head.number {
            if let maxRange = limit.maxRange, number - from + 1 > maxRange { break }
            let logs = chain.canonical[Int(number)].logs.count { filter?.matches($0) ?? true }
            if let maxResults = limit.maxResults, count + logs > maxResults { break }
            count += logs
            end = number
        }
        return end
    }

    private func subscribe(_ params: [JSONValue], socket: Int?) throws(RPCFailure) -> String {
        guard let socket else { throw RPCFailure(code: -32601, message: "notifications not supported") }
        guard case .string(let kind) = try param(params, 0) else { throw .invalidParams("invalid argument 0") }
        let subscription: Socket.Subscription
        switch kind {
        case "newHeads":
            guard params.count == 1 else { throw .invalidParams("too many arguments, want at most 1") }
            subscription = .newHeads
        case "logs":
            let criteria = params.count > 1 ? params[1] : .object([])
            subscription = .logs(
                try GethParams.decode(argument: 1) { () throws(RPCDecodingError) in
                    try LogFilter(json: criteria, path: "params[1]")
                }
            )
        default:
            throw RPCFailure(code: -32601, message: "no \"\(kind)\" subscription in eth namespace")
        }
        let id = newSubscriptionID()
        sockets[socket]?.subscriptions[id] = subscription
        return "\"\(id)\""
    }

    private func param(_ params: [JSONValue], _ index: Int) throws(RPCFailure) -> JSONValue {
        guard index < params.count else { throw .invalidParams("missing value for required argument \(index)") }
        return params[index]
    }

    private func bool(_ params: [JSONValue], _ index: Int) throws(RPCFailure) -> Bool {
        guard case .bool(let value) = try param(params, index) else {
            throw .invalidParams(
                "invalid argument \(index): json: cannot unmarshal non-bool into Go value of type bool")
        }
        return value
    }

    private func hash(_ params: [JSONValue], _ index: Int) throws(RPCFailure) -> Hash32 {
        guard case .string(let text) = try param(params, index) else {
            throw .invalidParams(
                "invalid argument \(index): json: cannot unmarshal non-string into Go value of type common.Hash")
        }
        do throws(HexError) {
            return try Hash32(hex: text)
        } catch {
            let words = GethParams.words(for: RPCDecodingError(.invalidHex, field: "", detail: "", underlying: error))
            throw .invalidParams("invalid argument \(index): \(words)")
        }
    }
}
