import Admin
import Foundation
import HTTPTypes
import Ingestor
import Pipeline

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
            do {
                _ = try await endpoints.find(id)
            } catch let missing as NotFoundError {
                throw FieldError("endpoint_id", missing.description)
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
        return .accepted(.init(body: .json(Self.api(replays.start(configuration)))))
    }

    func getReplay(_ input: Operations.GetReplay.Input) async throws -> Operations.GetReplay.Output {
        guard let state = replays.state(input.path.id) else { throw NotFoundError("replay", input.path.id) }
        return .ok(.init(body: .json(Self.api(state))))
    }

    func cancelReplay(_ input: Operations.CancelReplay.Input) async throws -> Operations.CancelReplay.Output {
        guard let state = await replays.cancel(input.path.id) else { throw NotFoundError("replay", input.path.id) }
        return .ok(.init(body: .json(Self.api(state))))
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
            status: api(state.status), blocksDone: Int64(clamping: state.progress?.blocksDone ?? 0),
            // 0…Int64.max holds one block more than an Int64 counts.
            blocksTotal: Int64(clamping: range.upperBound - range.lowerBound + 1),
            logs: Int64(clamping: state.progress?.logs ?? 0), error: state.error)
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
