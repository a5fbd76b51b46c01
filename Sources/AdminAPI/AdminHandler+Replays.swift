import Admin
import ChainKit
import Foundation
import HTTPTypes
import Ingestor
import Logging
import Pipeline
import Store

/// `/v1/replays`: `evmhook replay` over HTTP, run inside this process.
extension AdminHandler {
    func startReplay(_ input: Operations.StartReplay.Input) async throws -> Operations.StartReplay.Output {
        guard case .json(let body) = input.body else { throw FieldError("body", "expected JSON") }
        guard let rpcURL = replays.rpcURL else {
            throw Problem(
                .serviceUnavailable, "no-node",
                detail: "this API process has no node to replay from: set EVMHOOK_RPC_URL where it runs")
        }
        let chain = try Self.blockOrChain(body.chainId, field: "chain_id")
        let from = try Self.blockOrChain(body.fromBlock, field: "from_block")
        let to = try Self.blockOrChain(body.toBlock, field: "to_block")
        guard from <= to else { throw FieldError("to_block", "\(to) is before from_block \(from)") }
        var endpoint: UUID?
        if let text = body.endpointId {
            let id = try Self.uuid(text, field: "endpoint_id")
            let found: Endpoint
            do {
                found = try await self.endpoint(id)
            } catch let missing as NotFoundError {
                throw FieldError("endpoint_id", missing.description)
            }
            // As `evmhook replay --endpoint`: an endpoint of another chain would match nothing, silently.
            guard found.chainID == chain else {
                throw FieldError("endpoint_id", "\(text) is on chain \(found.chainID), not chain_id \(chain)")
            }
            endpoint = id
        }
        var configuration = Replayer.Configuration(
            rpcURL: rpcURL, chainID: chain, range: from...to, endpoint: endpoint,
            keys: RedisKeys(prefix: redisPrefix))
        if let range = body.maxRange {
            guard range >= 1 else { throw FieldError("max_range", "\(range) is not at least 1") }
            configuration.maxGetLogsRange = UInt64(range)
        }
        if let rate = body.maxLogsPerSecond {
            guard rate > 0 && rate.isFinite else { throw FieldError("max_logs_per_second", "\(rate) is not positive") }
            configuration.maxLogsPerSecond = rate
        }
        try await Self.checkNode(for: configuration, logger: logger)
        let (state, started) = replays.start(configuration)
        if started {
            try await AuditTrail(connection: pool.connection()).record(
                "replay.start", "replay", configuration.id, before: nil, after: Self.json(state))
        }
        return .accepted(.init(body: .json(Self.api(state))))
    }

    func getReplay(_ input: Operations.GetReplay.Input) async throws -> Operations.GetReplay.Output {
        guard let state = try await replays.find(input.path.id) else { throw NotFoundError("replay", input.path.id) }
        return .ok(.init(body: .json(Self.api(state))))
    }

    func cancelReplay(_ input: Operations.CancelReplay.Input) async throws -> Operations.CancelReplay.Output {
        let id = input.path.id
        let before = replays.state(id)
        guard let state = try await replays.cancel(id) else { throw NotFoundError("replay", id) }
        if let before, before.status == .running {
            try await AuditTrail(connection: pool.connection()).record(
                "replay.cancel", "replay", id, before: Self.json(before), after: Self.json(state))
        }
        return .ok(.init(body: .json(Self.api(state))))
    }

    /// What `evmhook replay` refuses before its first chunk is refused here before answering 202, in the API's words:
    /// a node on another chain (`chain_id`), blocks it has not mined (`to_block`). A node that cannot be reached now
    /// is not the request's fault: the replay starts and reports it (`failed`, with the error), as before.
    static func checkNode(for configuration: Replayer.Configuration, logger: Logger) async throws {
        do {
            try await Replayer.checkNode(for: configuration, logger: logger)
        } catch let error as IngestorError where error.code == .wrongChain {
            throw FieldError("chain_id", error.description)
        } catch let error as IngestorError where error.code == .beyondHead {
            throw FieldError("to_block", error.description)
        } catch is NodeError {
            return
        }
    }

    /// A chain id or block number: the document says non-negative, the generated type is signed.
    static func blockOrChain(_ value: Int64, field: String) throws -> UInt64 {
        guard value >= 0 else { throw FieldError(field, "\(value) is negative") }
        return UInt64(value)
    }

    static func api(_ state: ReplayRegistry.State) -> Components.Schemas.Replay {
        let configuration = state.configuration
        let range = configuration.range
        return .init(
            id: configuration.id, chainId: Int64(configuration.chainID), fromBlock: Int64(range.lowerBound),
            toBlock: Int64(range.upperBound), endpointId: configuration.endpoint?.uuidString.lowercased(),
            status: api(state.status), blocksDone: Int64(clamping: state.blocksDone),
            // 0…Int64.max holds one block more than an Int64 counts.
            blocksTotal: Int64(clamping: range.upperBound - range.lowerBound + 1),
            logs: Int64(clamping: state.logs), error: state.error)
    }

    /// A replay as audited: what it covers and where it stood.
    static func json(_ state: ReplayRegistry.State) -> JSONValue {
        let configuration = state.configuration
        return .object([
            JSONMember("chain_id", .number(String(configuration.chainID))),
            JSONMember("from_block", .number(String(configuration.range.lowerBound))),
            JSONMember("to_block", .number(String(configuration.range.upperBound))),
            JSONMember("endpoint_id", configuration.endpoint.map { .string($0.uuidString.lowercased()) } ?? .null),
            JSONMember("status", .string(state.status.rawValue)),
            JSONMember("blocks_done", .number(String(state.blocksDone))),
        ])
    }

    static func api(_ status: ReplayRegistry.Status) -> Components.Schemas.Replay.StatusPayload {
        switch status {
        case .running: .running
        case .completed: .completed
        case .cancelled: .cancelled
        case .failed: .failed
        }
    }
}
