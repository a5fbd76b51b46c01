import ChainKit
import DevChain
import Foundation
import Hiredis
import Logging
import Pipeline
import TestSupport
import Testing

@Suite("Admin API /v1/replays", .timeLimit(.minutes(3)))
struct ReplayRoutesTests {
    static let chainID = 31_337

    /// A dev chain of `blocks` blocks with 4 logs each, and an admin API replaying from it.
    static func withChain(
        blocks: Int = 10, redisPrefix: String = TestEnvironment.uniqueName("adminapi"),
        _ body: (AdminAPIHarness, DevChain) async throws -> Void
    ) async throws {
        let chain = try await DevChain.start(
            DevChainConfiguration(port: 0, chainID: UInt64(chainID), blockTime: nil, logsPerBlock: 4))
        do {
            await chain.mine(blocks)
            try await AdminAPIHarness.with(rpcURL: chain.httpURL, redisPrefix: redisPrefix) {
                try await body($0, chain)
            }
        } catch {
            await chain.stop()
            throw error
        }
        await chain.stop()
    }

    /// Polls the replay until `condition` holds for it, for at most a minute.
    static func replay(
        _ api: AdminAPIHarness, _ id: String, until condition: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let reply = try await api.read("/v1/replays/\(id)")
            try #require(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
            if condition(reply.object) { return reply.object }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ReplayTimeout(id: id)
    }

    struct ReplayTimeout: Error { let id: String }

    static func ended(_ replay: [String: Any]) -> Bool { replay["status"] as? String != "running" }

    /// The entries in the stream: each must be a replay entry; returns the (block, log index) of each.
    static func streamed(_ api: AdminAPIHarness) async throws -> [String] {
        let redis = try await RedisConnection.connect(
            to: try TestEnvironment.redisURL(), logger: Logger(label: "test.adminapi"))
        let reply = try await redis.send(["XRANGE", api.keys.stream, "-", "+"])
        await redis.close()
        return try (reply.array ?? []).map { item in
            let values = (item.array?[1].array ?? []).compactMap(\.string)
            let pairs = stride(from: 0, to: values.count - 1, by: 2).map { (values[$0], values[$0 + 1]) }
            let entry = try StreamEntry(fields: pairs)
            #expect(entry.kind == .replay)
            return "\(entry.log.blockNumber)/\(entry.log.logIndex)"
        }
    }

    /// The canonical logs of `range` as `streamed` names them.
    static func expected(_ chain: DevChain, _ range: ClosedRange<UInt64>) async -> [String] {
        await chain.logs(in: range).map { "\($0.blockNumber)/\($0.logIndex)" }
    }

    @Test func aReplayWritesItsRangeOnceAndReportsProgress() async throws {
        try await Self.withChain { api, chain in
            let started = try await api.write(
                "POST", "/v1/replays", ["chain_id": Self.chainID, "from_block": 2, "to_block": 9])
            #expect(started.status == 202, "\(String(decoding: started.body, as: UTF8.self))")
            let id = try #require(started.object["id"] as? String)
            #expect(id.hasPrefix("rpl_") && started.object["blocks_total"] as? Int == 8)
            #expect(started.object["from_block"] as? Int == 2 && started.object["to_block"] as? Int == 9)

            let done = try await Self.replay(api, id, until: Self.ended)
            let expected = await Self.expected(chain, 2...9)
            #expect(expected.count == 32)
            #expect(done["status"] as? String == "completed" && done["blocks_done"] as? Int == 8)
            #expect(done["logs"] as? Int == expected.count)
            #expect(try await Self.streamed(api) == expected)

            // The same request again is the same replay, already whole: nothing is written twice.
            let again = try await api.write(
                "POST", "/v1/replays", ["chain_id": Self.chainID, "from_block": 2, "to_block": 9])
            #expect(again.status == 202 && again.object["id"] as? String == id)
            let rerun = try await Self.replay(api, id, until: Self.ended)
            #expect(rerun["status"] as? String == "completed" && rerun["logs"] as? Int == 0)
            #expect(try await Self.streamed(api) == expected)
        }
    }

    @Test func cancelStopsAfterAWholeChunkAndStartingAgainResumes() async throws {
        try await Self.withChain { api, chain in
            // One block per chunk at one log a second: the first chunk is written, then the replay waits.
            let slow: [String: Any] = [
                "chain_id": Self.chainID, "from_block": 1, "to_block": 10, "max_range": 1, "max_logs_per_second": 1,
            ]
            let started = try await api.write("POST", "/v1/replays", slow)
            let id = try #require(started.object["id"] as? String)
            _ = try await Self.replay(api, id) { ($0["blocks_done"] as? Int ?? 0) >= 1 }
            #expect(try await api.request("POST", "/v1/replays/\(id)/cancel", key: api.readKey).status == 403)

            let cancelled = try await api.write("POST", "/v1/replays/\(id)/cancel")
            #expect(cancelled.status == 200 && cancelled.object["status"] as? String == "cancelled")
            let done = try #require(cancelled.object["blocks_done"] as? Int)
            #expect((1..<10).contains(done))
            #expect(try await Self.streamed(api) == (await Self.expected(chain, 1...UInt64(done))))
            #expect(try await api.read("/v1/replays/\(id)").object["status"] as? String == "cancelled")
            // Cancelling what has stopped changes nothing, and is not audited again.
            #expect(try await api.write("POST", "/v1/replays/\(id)/cancel").object["blocks_done"] as? Int == done)

            let resumed = try await api.write(
                "POST", "/v1/replays", slow.merging(["max_logs_per_second": 100_000]) { $1 })
            #expect(resumed.status == 202 && resumed.object["id"] as? String == id)
            let finished = try await Self.replay(api, id, until: Self.ended)
            #expect(finished["status"] as? String == "completed" && finished["blocks_done"] as? Int == 10)
            #expect(finished["logs"] as? Int == (10 - done) * 4)
            #expect(try await Self.streamed(api) == (await Self.expected(chain, 1...10)))

            let audit = try await api.auditEntries().filter { $0["target_type"] as? String == "replay" }
            #expect(audit.map { $0["action"] as? String } == ["replay.start", "replay.cancel", "replay.start"])
            #expect(audit.allSatisfy { $0["actor"] as? String == "writer" && $0["target_id"] as? String == id })
            let after = audit[1]["after"] as? [String: Any]
            #expect(after?["status"] as? String == "cancelled" && after?["blocks_done"] as? Int == done)
        }
    }

    @Test func anAPIThatDidNotRunAReplayReportsItFromItsProgressInRedis() async throws {
        let prefix = TestEnvironment.uniqueName("adminapi")
        var id = ""
        try await Self.withChain(blocks: 3, redisPrefix: prefix) { api, _ in
            let endpoint = try #require(try await api.createEndpoint(["chain_id": Self.chainID])["id"] as? String)
            let started = try await api.write(
                "POST", "/v1/replays",
                ["chain_id": Self.chainID, "from_block": 1, "to_block": 3, "endpoint_id": endpoint])
            id = try #require(started.object["id"] as? String)
            _ = try await Self.replay(api, id, until: Self.ended)
        }
        // Another API process (as after a restart) on the same Redis keys.
        try await Self.withChain(blocks: 3, redisPrefix: prefix) { api, _ in
            let known = try await api.read("/v1/replays/\(id)")
            #expect(known.status == 200 && known.object["status"] as? String == "completed", "\(known.object)")
            #expect(known.object["blocks_done"] as? Int == 3 && known.object["from_block"] as? Int == 1)
            #expect(known.object["endpoint_id"] is String)
            let cancelled = try await api.write("POST", "/v1/replays/\(id)/cancel")
            #expect(cancelled.status == 200 && cancelled.object["status"] as? String == "completed")
            #expect(try await api.read("/v1/replays/rpl_ffffffffffffffff").status == 404)
        }
    }

    @Test func refusalsNameTheFieldAndFailuresAreReported() async throws {
        try await Self.withChain(blocks: 2) { api, _ in
            let base: [String: Any] = ["chain_id": Self.chainID, "from_block": 1, "to_block": 2]
            for (change, field) in [
                (["from_block": 3], "to_block"), (["chain_id": -1], "chain_id"), (["from_block": -1], "from_block"),
                (["endpoint_id": "nope"], "endpoint_id"), (["endpoint_id": UUID().uuidString], "endpoint_id"),
                (["max_range": 0], "max_range"), (["max_logs_per_second": 0], "max_logs_per_second"),
            ] as [([String: Any], String)] {
                let reply = try await api.write("POST", "/v1/replays", base.merging(change) { $1 })
                #expect(reply.status == 400 && reply.object["field"] as? String == field, "\(change)")
                #expect(reply.contentType == "application/problem+json")
            }
            #expect(try await api.request("POST", "/v1/replays", key: api.readKey, json: base).status == 403)
            #expect(try await api.request("POST", "/v1/replays", key: nil, json: base).status == 401)
            #expect(try await api.read("/v1/replays/rpl_0000000000000000").status == 404)
            #expect(try await api.write("POST", "/v1/replays/rpl_0000000000000000/cancel").status == 404)

            // To one endpoint: its id is part of the replay's.
            let endpoint = try #require(
                try await api.createEndpoint(["chain_id": Self.chainID])["id"] as? String)
            let targeted = try await api.write(
                "POST", "/v1/replays", base.merging(["endpoint_id": endpoint]) { $1 })
            #expect(targeted.status == 202 && targeted.object["endpoint_id"] as? String == endpoint)
            _ = try await Self.replay(api, try #require(targeted.object["id"] as? String), until: Self.ended)
            // An endpoint of another chain is refused, as `evmhook replay --endpoint` refuses it.
            let elsewhere = try #require(try await api.createEndpoint(["chain_id": Self.chainID + 1])["id"] as? String)
            let otherChain = try await api.write(
                "POST", "/v1/replays", base.merging(["endpoint_id": elsewhere]) { $1 })
            #expect(otherChain.status == 400 && otherChain.object["field"] as? String == "endpoint_id")
            #expect((otherChain.object["detail"] as? String)?.contains("is on chain") == true, "\(otherChain.object)")

            // What `evmhook replay` refuses before its first chunk is refused before the 202, naming the field:
            // blocks the node has not mined (the replay would walk empty ranges for ever), a node on another chain.
            let ahead = try await api.write("POST", "/v1/replays", base.merging(["to_block": 1 << 62]) { $1 })
            #expect(ahead.status == 400 && ahead.object["field"] as? String == "to_block", "\(ahead.object)")
            #expect((ahead.object["detail"] as? String)?.contains("beyond the node's head 2") == true)
            let wrong = try await api.write("POST", "/v1/replays", base.merging(["chain_id": 5]) { $1 })
            #expect(wrong.status == 400 && wrong.object["field"] as? String == "chain_id", "\(wrong.object)")
            #expect(
                (wrong.object["detail"] as? String)?.contains("chain id \(Self.chainID), not the replay's chain 5")
                    == true,
                "\(wrong.object)")
            // Neither was started: nothing to find, nothing audited.
            let audited = try await api.auditEntries().filter { $0["action"] as? String == "replay.start" }
            #expect(audited.count == 1, "\(audited)")
        }
    }

    @Test func withoutANodeStartingAReplayIsUnavailable() async throws {
        try await AdminAPIHarness.with { api in
            let reply = try await api.write("POST", "/v1/replays", ["chain_id": 1, "from_block": 1, "to_block": 2])
            #expect(reply.status == 503 && reply.contentType == "application/problem+json")
        }
    }
}
