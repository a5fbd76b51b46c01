import ChainKit
import DevChain
import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline
import TestSupport
import Testing

/// `evmhook reconcile` after an incident staged on a real pipeline (ingest, process, deliver as processes, the dev
/// chain, a receiver): delivery records deleted, a job dead-lettered, an orphan's removal record deleted.
@Suite struct ReconcileTests {
    /// What one `reconcile --json` printed.
    struct Report {
        let status: Int32
        let missing: Set<String>
        let notCanonical: Set<String>
        let object: [String: Any]

        init(_ result: EvmhookBinary.Result) throws {
            status = result.status
            let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            object = try #require(parsed, "not JSON: \(result.stdout) \(result.stderr)")
            missing = Set(
                (object["missing"] as? [[String: Any]] ?? []).map {
                    "\($0["endpoint_id"] ?? "")|\($0["webhook_id"] ?? "")|\($0["state"] ?? "")"
                })
            notCanonical = Set(
                (object["not_canonical"] as? [[String: Any]] ?? []).map {
                    "\($0["endpoint_id"] ?? "")|\($0["webhook_id"] ?? "")|\($0["block_hash"] ?? "")"
                })
        }
    }

    @Test(.timeLimit(.minutes(5))) func findsWhatWasLostAndFixSendsItWithTheSameWebhookIDs() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 3))
        let receiver = try await WebhookReceiver()
        try await Deployment.with(rpcURL: chain.webSocketURL) { deployment in
            let a = try await deployment.addEndpoint(url: receiver.url("/a"))
            let b = try await deployment.addEndpoint(url: receiver.url("/b"))
            try await receiver.configure("/a", secrets: [a.secret])
            // /b rejects its first delivery for good: one dead letter.
            try await receiver.configure("/b", secrets: [b.secret], statuses: [400])
            try deployment.start()

            // Blocks, all delivered; then a reorg of blocks whose logs were delivered, with their removals.
            // /b's first job is one of the first blocks', far from the blocks the reorg orphans.
            _ = await chain.mine(3)
            try await Deployment.waitUntil("the dead letter") { try await deployment.deadLetters().count == 1 }
            _ = await chain.mine(3)
            let headBefore = await chain.head().number
            let beforeReorg = await chain.logs(in: 0...headBefore)
            let beforeKeys = Set(beforeReorg.map { "\($0.blockHash)|\($0.logIndex)" })
            try await Deployment.waitUntil("every log delivered to /a") {
                try await deployment.delivered(to: a.id).isSuperset(of: beforeKeys)
            }
            try await Deployment.waitUntil("every log but the dead letter delivered to /b") {
                try await beforeKeys.subtracting(deployment.delivered(to: b.id)).count == 1
            }
            let orphanedBlocks = Set(beforeReorg.filter { $0.blockNumber + 2 > headBefore }.map(\.blockHash))
            try await chain.reorg(depth: 2)
            let orphans = Set(
                beforeReorg.filter { orphanedBlocks.contains($0.blockHash) }.map {
                    "\($0.blockHash)|\($0.logIndex)"
                })
            let head = await chain.head().number
            let canonical = Set(await chain.logs(in: 0...head).map { "\($0.blockHash)|\($0.logIndex)" })
            for endpoint in [a.id, b.id] {
                try await Deployment.waitUntil("orphans retracted and new blocks delivered") {
                    let logs = try await deployment.delivered(to: endpoint)
                    let removals = try await deployment.delivered(to: endpoint, type: "evm.log.removed")
                    return canonical.subtracting(logs).count <= (endpoint == b.id ? 1 : 0)
                        && removals.isSuperset(of: orphans)
                }
            }
            let dead = try await deployment.deadLetters()
            try #require(dead.count == 1)

            // Nothing lost yet.
            let range = ["reconcile", "--chain", "31337", "--from", "0", "--to", String(head), "--json"]
            let clean = try Report(try await deployment.run(range))
            #expect(clean.missing == ["\(b.id)|\(dead[0])|dead_lettered"])
            #expect(clean.notCanonical.isEmpty)
            #expect(clean.object["due"] as? Int == canonical.count * 2, "both endpoints match every log")

            // The incident: two deliveries' records lost, one removal's record lost.
            let lost = Array(canonical.subtracting(orphans).sorted().prefix(2))
            var lostIDs: [String] = []
            for key in lost {
                let id = try await deployment.webhookID(of: key, to: a.id)
                try await deployment.database.query("DELETE FROM delivery_attempts WHERE webhook_id = $1", [.text(id)])
                lostIDs.append(id)
            }
            let orphan = try #require(orphans.sorted().first)
            let orphanID = try await deployment.webhookID(of: orphan, to: a.id)
            let removalID = try await deployment.webhookID(of: orphan, to: a.id, type: "evm.log.removed")
            try await deployment.database.query(
                "DELETE FROM delivery_attempts WHERE webhook_id = $1", [.text(removalID)])

            // /b's attempts as recorded before migration 0004 (no event): found by webhook id instead.
            try await deployment.database.query(
                """
                UPDATE delivery_attempts SET chain_id = NULL, block_number = NULL, block_hash = NULL,
                    log_index = NULL, event_type = NULL
                WHERE endpoint_id = $1::uuid
                """, [.text(b.id)])

            // In chunks of two blocks: heights without logs in a chunk are checked against their header.
            let found = try Report(try await deployment.run(range + ["--max-range", "2"]))
            #expect(found.status == 1)
            #expect(
                found.missing
                    == Set(lostIDs.map { "\(a.id)|\($0)|absent" } + ["\(b.id)|\(dead[0])|dead_lettered"]))
            let orphanHash = String(orphan.split(separator: "|")[0])
            #expect(found.notCanonical == ["\(a.id)|\(orphanID)|\(orphanHash)"])

            let text = try await deployment.run(Array(range.dropLast()))
            #expect(text.status == 1)
            let lines = text.stdout.split(separator: "\n")
            #expect(lines.filter { $0.hasPrefix("missing ") }.count == 3)
            #expect(lines.filter { $0.hasPrefix("not canonical ") && $0.contains(orphanID) }.count == 1)
            #expect(text.stdout.contains("missing 3 (0 pending, 1 dead_lettered, 2 absent); not canonical 1"))
            #expect(text.stderr.contains("reconcile: \(head + 1)/\(head + 1) blocks"), "the progress line")

            let fixed = try Report(try await deployment.run(range + ["--fix"]))
            #expect(fixed.status == 0, "\(fixed.object)")
            #expect(fixed.object["enqueued"] as? Int == 4)
            try await Deployment.waitUntil("the fixed jobs delivered with their original webhook ids") {
                let accepted = try await receiver.deliveries().filter { $0.status == 204 }
                let counts = Dictionary(grouping: accepted.compactMap(\.id), by: { $0 }).mapValues(\.count)
                return lostIDs.allSatisfy { counts[$0, default: 0] >= 2 } && counts[removalID, default: 0] >= 2
                    && counts[dead[0], default: 0] >= 1
            }
            #expect(try await deployment.deadLetters().isEmpty)
            try await Deployment.waitUntil("the fixes recorded") {
                try Report(try await deployment.run(range)).status == 0
            }
            let after = try Report(try await deployment.run(range))
            #expect(after.missing.isEmpty && after.notCanonical.isEmpty)
            #expect(after.object["due"] as? Int == clean.object["due"] as? Int)
        }
        await receiver.shutdown()
        await chain.stop()
    }

    @Test(.timeLimit(.minutes(3))) func jobsStillInRedisArePendingAndFixLeavesThemThere() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 3))
        // No Delivery: every job stays in Redis.
        try await Deployment.with(rpcURL: chain.webSocketURL) { deployment in
            _ = try await deployment.addEndpoint(url: "http://127.0.0.1:9/a")
            try deployment.start([["ingest"], ["process"]])
            let head = await chain.mine(3)
            let logs = await chain.logs(in: 0...head).count
            let redis = try await RedisConnection.connect(
                to: try TestEnvironment.redisURL(), logger: Logger(label: "test.reconcile"))
            let keys = RedisKeys(prefix: deployment.prefix)
            try await Deployment.waitUntil("every job enqueued") {
                try await redis.send(["LLEN", keys.jobs]).int == Int64(logs)
            }
            // One job waiting for a retry, one taken by a worker that died: still pending.
            let retried = try #require(try await redis.send(["RPOP", keys.jobs]).string)
            _ = try await redis.send(["ZADD", keys.retries, "1", retried])
            _ = try await redis.send(["LMOVE", keys.jobs, keys.processing(worker: "gone"), "RIGHT", "LEFT"])

            let range = ["reconcile", "--chain", "31337", "--from", "0", "--to", String(head), "--json"]
            let found = try Report(try await deployment.run(range))
            #expect(found.status == 1)
            #expect(found.missing.count == logs)
            #expect(found.missing.allSatisfy { $0.hasSuffix("|pending") })
            let fixed = try Report(try await deployment.run(range + ["--fix"]))
            #expect(fixed.status == 0, "pending jobs are on their way")
            #expect(fixed.object["enqueued"] as? Int == 0)
            #expect(try await redis.send(["LLEN", keys.jobs]).int == Int64(logs - 2))
            await redis.close()
        }
        await chain.stop()
    }

    @Test func anOrphanTheNodeForgotIsReportedAndNotFixed() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 1))
        try await Deployment.with(rpcURL: nil) { deployment in
            let endpoint = try await deployment.addEndpoint(url: "http://127.0.0.1:9/a")
            let head = await chain.mine(2)
            // A delivery recorded for a block hash no node ever had; the node polled over HTTP this time.
            let stranger = "0x" + String(repeating: "5a", count: 32)
            try await deployment.database.query(
                """
                INSERT INTO delivery_attempts (endpoint_id, webhook_id, attempt, status, duration_us, event_type,
                    chain_id, block_number, block_hash, log_index)
                VALUES ($1::uuid, 'msg_stranger', 1, 200, 1, 'evm.log', 31337, $2, $3, 0)
                """, [.text(endpoint.id), .bigint(Int64(head)), .text(stranger)])
            let range = [
                "reconcile", "--chain", "31337", "--from", String(head), "--to", String(head), "--json", "--rpc-url",
                chain.httpURL,
            ]
            let found = try Report(try await deployment.run(range))
            #expect(found.notCanonical == ["\(endpoint.id)|msg_stranger|\(stranger)"])
            let fixed = try Report(try await deployment.run(range + ["--fix"]))
            #expect(fixed.status == 1, "an orphan that cannot be retracted stays unresolved")
            #expect(fixed.object["unresolved"] as? Int == 1)
            let orphan = (fixed.object["not_canonical"] as? [[String: Any]])?.first
            #expect((orphan?["fix_problem"] as? String)?.contains("no longer has") == true, "\(fixed.object)")
        }
        await chain.stop()
    }
}
