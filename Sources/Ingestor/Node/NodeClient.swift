public import ChainKit
public import Logging

/// The node calls the Ingestor makes, decoded into ChainKit's types, over any `NodeConnection`.
///
/// Transient failures (a malformed or truncated answer, a timeout, a rate limit, a load-balanced node behind the
/// head) are logged with the method and a body prefix and retried a few times with growing pauses; a lost
/// connection and the node's definite errors are thrown at once for the caller to decide.
public struct NodeClient: Sendable {
    public let connection: any NodeConnection
    let logger: Logger
    /// The deadline of one call.
    var timeout: Duration
    /// Tries of a call whose failure is transient, the first included.
    var attempts: Int

    public init(connection: any NodeConnection, logger: Logger, timeout: Duration = .seconds(10), attempts: Int = 5) {
        self.connection = connection
        self.logger = logger
        self.timeout = timeout
        self.attempts = attempts
    }

    /// Calls `method` and decodes the body with `decode`, retrying transient failures.
    func call<Value>(
        _ method: String, _ params: JSONValue, decode: ([UInt8]) throws -> Value
    ) async throws -> Value {
        var pause = Duration.milliseconds(100)
        var attempt = 1
        while true {
            do {
                let body = try await connection.call(method, params: params, timeout: timeout)
                return try decode(body)
            } catch {
                guard let nodeError = error as? NodeError, Self.isTransient(nodeError), attempt < attempts else {
                    throw error
                }
                logger.warning(
                    "node call failed; retrying",
                    metadata: ["rpc.method": "\(method)", "attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
                attempt += 1
            }
        }
    }

    /// Whether another try of the same call may succeed on the same connection.
    static func isTransient(_ error: NodeError) -> Bool {
        switch error.code {
        case .malformed, .timeout: return true
        case .rpc:
            guard let rpc = error.rpcError, RangeLimitRefusal(error) == nil else { return false }
            let message = rpc.message.lowercased()
            // Rate limits (429, Infura's -32005 "rate exceeded") and a node behind its peers ("header not found").
            return error.httpStatus == 429 || message.contains("rate") || message.contains("not found")
                || message.contains("limit exceeded") || rpc.code == -32603
        default: return false
        }
    }

    /// Decodes a generic response and returns its result, or throws the node's error as `NodeError.Code.rpc`.
    static func result(_ method: String, _ body: [UInt8]) throws(NodeError) -> JSONValue {
        let message: RPCIncomingMessage
        do {
            message = try RPCIncomingMessage.decode(body)
        } catch {
            throw NodeError.malformed(method: method, body: body, problem: "\(error)")
        }
        guard case .response(let response) = message else {
            throw NodeError.malformed(method: method, body: body, problem: "not a single response")
        }
        switch response.outcome {
        case .result(let value): return value
        case .error(let error): throw NodeError(.rpc, method: method, detail: "", rpcError: error)
        }
    }

    /// A QUANTITY result.
    static func quantity(_ method: String, _ body: [UInt8]) throws(NodeError) -> UInt64 {
        let value = try result(method, body)
        guard let text = value.stringValue, let number = try? Hex.decodeQuantity(text) else {
            throw NodeError.malformed(method: method, body: body, problem: "result is not a hex quantity")
        }
        return number
    }

    /// Runs a decoder of ChainKit's, reporting its failure as a malformed answer.
    static func decoding<Value>(
        _ method: String, _ body: [UInt8], _ decode: () throws(RPCDecodingError) -> Value
    ) throws(NodeError) -> Value {
        do {
            return try decode()
        } catch {
            throw NodeError.malformed(method: method, body: body, problem: "\(error)")
        }
    }
}

// MARK: The calls

extension NodeClient {
    public func chainID() async throws -> UInt64 {
        try await call("eth_chainId", []) { body in
            try Self.quantity("eth_chainId", body)
        }
    }

    public func blockNumber() async throws -> UInt64 {
        try await call("eth_blockNumber", []) { body in
            try Self.quantity("eth_blockNumber", body)
        }
    }

    /// The canonical header at `number`, or nil when the node does not have it (yet).
    public func header(number: UInt64) async throws -> BlockHeader? {
        try await header("eth_getBlockByNumber", [BlockTag.number(number).json, false])
    }

    /// The header of the block with `hash` (canonical or not), or nil when the node does not know it.
    public func header(hash: Hash32) async throws -> BlockHeader? {
        try await header("eth_getBlockByHash", [.string(hash.description), false])
    }

    private func header(_ method: String, _ params: JSONValue) async throws -> BlockHeader? {
        try await call(method, params) { body in
            let value = try Self.result(method, body)
            if value.isNull { return nil }
            return try Self.decoding(method, body) { () throws(RPCDecodingError) in
                try BlockHeader(json: value, path: "result")
            }
        }
    }

    /// The logs of the block with `hash`: reorg-safe, since a hash names one block on one branch.
    public func logs(blockHash: Hash32) async throws -> [Log] {
        try await logs(.array([.object([JSONMember("blockHash", .string(blockHash.description))])]))
    }

    /// The logs of the canonical blocks `range`, or a `NodeError` the range fetcher reads for a limit.
    public func logs(in range: ClosedRange<UInt64>) async throws -> [Log] {
        try await logs(
            .array([
                .object([
                    JSONMember("fromBlock", BlockTag.number(range.lowerBound).json),
                    JSONMember("toBlock", BlockTag.number(range.upperBound).json),
                ])
            ]))
    }

    private func logs(_ params: JSONValue) async throws -> [Log] {
        try await call("eth_getLogs", params) { body in
            let decoded = try Self.decoding("eth_getLogs", body) { () throws(RPCDecodingError) in
                try Log.decodeGetLogsResponse(body)
            }
            switch decoded.result {
            case .success(let logs): return logs
            case .failure(let error): throw NodeError(.rpc, method: "eth_getLogs", detail: "", rpcError: error)
            }
        }
    }

    /// Fills in `blockTimestamp` where the node left it out (every client but geth), one header per block.
    public func withTimestamps(_ logs: [Log]) async throws -> [Log] {
        var timestamps: [UInt64: UInt64] = [:]
        var result = logs
        for index in result.indices where result[index].blockTimestamp == nil {
            let number = result[index].blockNumber
            if timestamps[number] == nil {
                guard let header = try await header(number: number) else {
                    throw NodeError(.rpc, method: "eth_getBlockByNumber", detail: "block \(number) not found")
                }
                timestamps[number] = header.timestamp
            }
            result[index].blockTimestamp = timestamps[number]
        }
        return result
    }
}
