import ChainKit
import Foundation
import Hiredis
import Pipeline
import Processor
import Store
import Testing

/// Entries through the whole path: PostgreSQL endpoints → catalog → Processor → jobs on the Redis queue.
@Suite(.timeLimit(.minutes(5))) struct ProcessorPathTests {
    static let transfer = try! ABIEvent(signature: "Transfer(address indexed from, address indexed to, uint256 value)")

    static func transferLog(value: UInt64 = 1_000_000, logIndex: UInt64 = 45) throws -> Log {
        let encoded = try transfer.encodeLog([
            .address(StreamEntries.address(0x22)), .address(StreamEntries.address(0x33)), .uint(UInt256(value)),
        ])
        return StreamEntries.log(
            topics: encoded.topics, data: encoded.data, block: 18_000_000, blockHash: StreamEntries.hash(0x07),
            logIndex: logIndex)
    }

    @Test func theBodyIsTheContractsAndReprocessingRendersTheSameBytes() async throws {
        try await ProcessorHarness.with { harness in
            let endpoint = try await harness.addEndpoint()
            let running = try await harness.startProcessor()
            let entry = StreamEntries.entry(try Self.transferLog())
            try await harness.append([entry, entry])
            try await harness.waitUntil("two jobs") { try await harness.jobCount() == 2 }
            await running.stop()
            let jobs = try await harness.jobs()
            let expected =
                #"{"type":"evm.log","timestamp":"2023-10-08T21:20:00Z","data":{"chainId":1,"blockNumber":18000000,"#
                + #""blockHash":"0x0707070707070707070707070707070707070707070707070707070707070707","#
                + #""blockTimestamp":1696800000,"#
                + #""transactionHash":"0x7070707070707070707070707070707070707070707070707070707070707070","#
                + #""transactionIndex":3,"logIndex":45,"address":"0x1111111111111111111111111111111111111111","#
                + #""topics":["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef","#
                + #""0x0000000000000000000000002222222222222222222222222222222222222222","#
                + #""0x0000000000000000000000003333333333333333333333333333333333333333"],"#
                + #""data":"0x00000000000000000000000000000000000000000000000000000000000f4240","removed":false,"#
                + #""decoded":{"name":"Transfer","signature":"Transfer(address,address,uint256)","args":{"#
                + #""from":"0x2222222222222222222222222222222222222222","#
                + #""to":"0x3333333333333333333333333333333333333333","value":"1000000"}}}}"#
            #expect(jobs.map(\.body) == [expected, expected])
            let id = WebhookID.make(
                endpoint: endpoint.id, chainID: 1, blockHash: StreamEntries.hash(0x07), logIndex: 45, type: .log)
            #expect(jobs.map(\.webhookID) == [id, id])
            #expect(jobs.allSatisfy { $0.endpointID == endpoint.id && $0.attempt == 1 && $0.type == .log })
            let now = UInt64(Date().timeIntervalSince1970 * 1_000)
            #expect(jobs.allSatisfy { $0.enqueuedAt <= now && $0.enqueuedAt > now - 60_000 })
        }
    }

    @Test func numbersBeyond2To53AreStrings() async throws {
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint(chainID: 1 << 60)
            let running = try await harness.startProcessor()
            try await harness.append([
                StreamEntries.entry(
                    StreamEntries.log(topics: [], block: (1 << 53) + 1, logIndex: 1 << 53), chainID: 1 << 60)
            ])
            try await harness.waitUntil("a job") { try await harness.jobCount() == 1 }
            await running.stop()
            let body = try JSONValue.parse(try #require(try await harness.jobs().first).body)
            #expect(body["data"]?["chainId"] == .string("1152921504606846976"))
            #expect(body["data"]?["blockNumber"] == .string("9007199254740993"))
            #expect(body["data"]?["logIndex"] == .number("9007199254740992"))
            #expect(body["data"]?["decoded"] == nil)
        }
    }

    @Test func endpointEventsDecodeFirstThenTheBuiltinABIsThenNothing() async throws {
        try await ProcessorHarness.with { harness in
            let own = try await harness.addEndpoint(events: [
                "Transfer(address indexed src, address indexed dst, uint256 wad)"
            ])
            let plain = try await harness.addEndpoint()
            let unrelated = try await harness.addEndpoint(events: ["Foo(uint256 x)"])
            let running = try await harness.startProcessor()
            let unknown = StreamEntries.log(topics: [StreamEntries.hash(0x99)], data: [1, 2, 3], logIndex: 1)
            try await harness.append([StreamEntries.entry(try Self.transferLog()), StreamEntries.entry(unknown)])
            try await harness.waitUntil("six jobs") { try await harness.jobCount() == 6 }
            await running.stop()
            var argNames: [UUID: [String]] = [:]
            var undecoded: Set<UUID> = []
            for job in try await harness.jobs() {
                let decoded = try JSONValue.parse(job.body)["data"]?["decoded"]
                if let args = decoded?["args"]?.objectValue {
                    argNames[job.endpointID] = args.map(\.key)
                } else {
                    undecoded.insert(job.endpointID)
                }
            }
            #expect(argNames[own.id] == ["src", "dst", "wad"])
            #expect(argNames[plain.id] == ["from", "to", "value"])
            #expect(argNames[unrelated.id] == ["from", "to", "value"])
            #expect(undecoded == [own.id, plain.id, unrelated.id])
        }
    }

    @Test func disabledEndpointsAndOtherChainsGetNothing() async throws {
        try await ProcessorHarness.with { harness in
            let wanted = try await harness.addEndpoint(chainID: 1)
            try await harness.addEndpoint(chainID: 1, enabled: false)
            try await harness.addEndpoint(chainID: 2)
            let running = try await harness.startProcessor()
            try await harness.append([StreamEntries.entry(StreamEntries.log(topics: []), chainID: 1)])
            try await harness.waitUntil("entry processed") { running.processor.statistics.entries == 1 }
            await running.stop()
            #expect(try await harness.jobs().map(\.endpointID) == [wanted.id])
        }
    }

    @Test func removedEntriesBecomeRemovedDeliveriesWithTheirOwnIDs() async throws {
        try await ProcessorHarness.with { harness in
            let endpoint = try await harness.addEndpoint(filter: LogFilter(addresses: [StreamEntries.address(0x11)]))
            let running = try await harness.startProcessor()
            let log = try Self.transferLog()
            try await harness.append([
                StreamEntries.entry(log), StreamEntries.entry(log, kind: .removed),
                StreamEntries.entry(
                    StreamEntries.log(address: StreamEntries.address(0x12), topics: []), kind: .removed),
            ])
            try await harness.waitUntil("entries processed") { running.processor.statistics.entries == 3 }
            await running.stop()
            let jobs = try await harness.jobs()
            #expect(jobs.map(\.type) == [.log, .logRemoved])
            let removed = try JSONValue.parse(jobs[1].body)
            #expect(removed["type"] == .string("evm.log.removed"))
            #expect(removed["data"]?["removed"] == .bool(true))
            #expect(removed["data"]?["decoded"]?["name"] == .string("Transfer"))
            #expect(
                jobs[1].webhookID
                    == WebhookID.make(
                        endpoint: endpoint.id, chainID: 1, blockHash: log.blockHash, logIndex: log.logIndex,
                        type: .logRemoved))
            #expect(jobs[0].webhookID != jobs[1].webhookID)
        }
    }

    @Test func replaysGoToTheirTargetOnlyWithReplayIDs() async throws {
        try await ProcessorHarness.with { harness in
            let first = try await harness.addEndpoint()
            let second = try await harness.addEndpoint()
            let disabled = try await harness.addEndpoint(enabled: false)
            let elsewhere = try await harness.addEndpoint(filter: LogFilter(addresses: [StreamEntries.address(0x99)]))
            let running = try await harness.startProcessor()
            let log = StreamEntries.log(topics: [], logIndex: 7)
            func replay(_ endpoint: UUID?) -> StreamEntry {
                StreamEntries.entry(log, kind: .replay, replay: StreamEntry.Replay(id: "r1", endpoint: endpoint))
            }
            try await harness.append([replay(second.id), replay(disabled.id), replay(elsewhere.id), replay(nil)])
            try await harness.waitUntil("entries processed") { running.processor.statistics.entries == 4 }
            await running.stop()
            let jobs = try await harness.jobs()
            #expect(jobs.count == 3)
            #expect(jobs.first?.endpointID == second.id)
            #expect(Set(jobs.dropFirst().map(\.endpointID)) == [first.id, second.id])
            for job in jobs {
                #expect(job.type == .log)
                #expect(
                    job.webhookID
                        == WebhookID.make(
                            endpoint: job.endpointID, chainID: 1, blockHash: log.blockHash, logIndex: 7, type: .log,
                            replayID: "r1"))
                #expect(
                    job.webhookID
                        != WebhookID.make(
                            endpoint: job.endpointID, chainID: 1, blockHash: log.blockHash, logIndex: 7, type: .log))
            }
        }
    }

    @Test func unreadableEntriesAreDeadLetteredAcknowledgedAndDoNotBlock() async throws {
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint()
            let running = try await harness.startProcessor()
            var broken = StreamEntries.entry(StreamEntries.log(topics: [])).fields
            broken[broken.firstIndex(of: "address")! + 1] = "0x12"
            let poison = [["kind", "log"], ["kind", "bogus", "chain", "1"], broken]
            let ids = try await harness.appendRaw(poison + [StreamEntries.entry(StreamEntries.log(topics: [])).fields])
            try await harness.waitUntil("entries processed") { running.processor.statistics.entries == 4 }
            await running.stop()
            #expect(try await harness.jobCount() == 1)
            #expect(try await harness.pendingCount() == 0)
            #expect(running.processor.statistics.deadEntries == 3)
            let dead = try await harness.redis.send(["XRANGE", harness.keys.deadEntries, "-", "+"]).array ?? []
            #expect(dead.count == 3)
            var reasons: [String: String] = [:]
            for record in dead {
                let flat = record.array?[1].array?.compactMap(\.string) ?? []
                let fields = Dictionary(
                    stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) },
                    uniquingKeysWith: { a, _ in a })
                reasons[fields["entry"] ?? ""] = fields["reason"]
                #expect(fields["kind"] != nil, "the original fields are kept")
            }
            #expect(reasons[ids[0]]?.contains("field topics: missing") == true, "\(reasons)")
            #expect(reasons[ids[1]]?.contains("field kind: unknown kind bogus") == true, "\(reasons)")
            #expect(reasons[ids[2]]?.contains("field address") == true, "\(reasons)")
        }
    }

    @Test func theStreamIsTrimmedButNeverPastAnUnacknowledgedEntry() async throws {
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint()
            let entry = StreamEntries.entry(StreamEntries.log(topics: []))
            // A consumer that read the first entry and hangs: it holds the trim back.
            let first = try await harness.append([entry])[0]
            _ = try await harness.redis.send([
                "XGROUP", "CREATE", harness.keys.stream, harness.keys.processorGroup, "0",
            ])
            _ = try await harness.redis.send([
                "XREADGROUP", "GROUP", harness.keys.processorGroup, "ghost", "COUNT", "1", "STREAMS",
                harness.keys.stream, ">",
            ])
            try await harness.append(Array(repeating: entry, count: 999))
            let running = try await harness.startProcessor {
                $0.trimInterval = .milliseconds(50)
                $0.claimIdle = .seconds(3_600)
            }
            try await harness.waitUntil("entries processed") { running.processor.statistics.entries == 999 }
            // Several trim rounds pass; the ghost's entry and everything after it stay.
            let trimsDone = ContinuousClock.now + .milliseconds(300)
            try await harness.waitUntil("trim rounds") { ContinuousClock.now > trimsDone }
            #expect(try await harness.redis.send(["XLEN", harness.keys.stream]).int == 1_000)
            _ = try await harness.redis.send(["XACK", harness.keys.stream, harness.keys.processorGroup, first])
            try await harness.waitUntil("trimmed") {
                try await harness.redis.send(["XLEN", harness.keys.stream]).int ?? 0 < 1_000
            }
            await running.stop()
            // Never past the last entry read: the newest stays.
            let newest = try await harness.redis.send(["XREVRANGE", harness.keys.stream, "+", "-", "COUNT", "1"])
            #expect(newest.array?.count == 1)
        }
    }
}
