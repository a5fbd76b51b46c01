import Foundation
import Hiredis
import Pipeline
import Store
import Testing

@testable import Processor

/// The acknowledgement script's ownership check: a processor whose entries were reclaimed by another while it was
/// slow pushes nothing for them when it finally gets to its script.
@Suite(.timeLimit(.minutes(5))) struct OwnershipTests {
    @Test func aSlowProcessorsScriptSkipsEntriesReclaimedFromIt() async throws {
        try await ProcessorHarness.with { harness in
            let endpoint = try await harness.addEndpoint()
            let ids = try await harness.append([
                StreamEntries.entry(StreamEntries.log(topics: [], logIndex: 1)),
                StreamEntries.entry(StreamEntries.log(topics: [], logIndex: 2)),
            ])
            let keys = harness.keys
            _ = try await harness.redis.send(["XGROUP", "CREATE", keys.stream, keys.processorGroup, "0"])
            // "slow" reads both entries, then stalls; "fast" takes the first over.
            _ = try await harness.redis.send([
                "XREADGROUP", "GROUP", keys.processorGroup, "slow", "COUNT", "2", "STREAMS", keys.stream, ">",
            ])
            _ = try await harness.redis.send([
                "XCLAIM", keys.stream, keys.processorGroup, "fast", "0", ids[0],
            ])
            let job = DeliveryJob.encoded(
                endpointID: endpoint.id, webhookID: "msg_x", type: .log, enqueuedAt: 1, body: Array("{}".utf8))
            func acknowledge(as consumer: String, _ entries: [String]) async throws -> [Int64] {
                let outcomes = entries.map { (id: $0, outcome: EntryOutcome.jobs([job])) }
                let reply = try await harness.redis.evaluate(
                    AcknowledgeScript.script, keys: AcknowledgeScript.keys(keys),
                    arguments: AcknowledgeScript.arguments(
                        group: keys.processorGroup, consumer: consumer, outcomes: outcomes[...]))
                return reply.array?.compactMap(\.int) ?? []
            }
            // The slow one wakes up: only the entry it still owns counts.
            #expect(try await acknowledge(as: "slow", ids) == [1, 1])
            #expect(try await acknowledge(as: "fast", [ids[0]]) == [1, 1])
            // Done twice (a retried script): nothing more.
            #expect(try await acknowledge(as: "fast", [ids[0]]) == [0, 0])
            #expect(try await harness.jobCount() == 2)
            #expect(try await harness.pendingCount() == 0)
        }
    }

    @Test func streamIDsOrderNumerically() {
        #expect(StreamID("9-0") < StreamID("10-0"))
        #expect(StreamID("10-2") < StreamID("10-10"))
        #expect([StreamID("5-1"), StreamID("12-0"), StreamID("5-0")].max()?.text == "12-0")
    }
}

/// Consumers left behind by stopped processors are forgotten, never one that still holds entries.
@Suite(.timeLimit(.minutes(5))) struct ConsumerCleanupTests {
    @Test func idleConsumersWithoutPendingEntriesAreForgotten() async throws {
        try await ProcessorHarness.with { harness in
            let keys = harness.keys
            try await harness.append([StreamEntries.entry(StreamEntries.log(topics: []))])
            _ = try await harness.redis.send(["XGROUP", "CREATE", keys.stream, keys.processorGroup, "$"])
            // "gone" holds no entry; "holder" holds the one entry that arrives next.
            _ = try await harness.redis.send(["XGROUP", "CREATECONSUMER", keys.stream, keys.processorGroup, "gone"])
            try await harness.append([StreamEntries.entry(StreamEntries.log(topics: []))])
            _ = try await harness.redis.send([
                "XREADGROUP", "GROUP", keys.processorGroup, "holder", "COUNT", "1", "STREAMS", keys.stream, ">",
            ])
            func consumers() async throws -> Set<String> {
                let reply = try await harness.redis.send(["XINFO", "CONSUMERS", keys.stream, keys.processorGroup])
                return Set((reply.array ?? []).compactMap { $0.array?[1].string })
            }
            #expect(try await consumers() == ["gone", "holder"])
            let idle = ContinuousClock.now + .milliseconds(150)
            try await harness.waitUntil("both idle") { ContinuousClock.now > idle }
            let running = try await harness.startProcessor {
                $0.consumerExpiry = .milliseconds(100)
                $0.claimIdle = .seconds(3_600)
            }
            try await harness.waitUntil("gone is forgotten") { try await !consumers().contains("gone") }
            await running.stop()
            #expect(try await consumers().contains("holder"))
            #expect(try await harness.pendingCount() == 1)
        }
    }
}
