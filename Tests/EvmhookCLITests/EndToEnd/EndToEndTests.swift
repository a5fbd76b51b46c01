import ChainKit
import DevChain
import Foundation
import Hiredis
import Logging
import TestSupport
import Testing

/// The whole pipeline as separate OS processes — `evmhook ingest`, two `process`, two `deliver` — from the dev
/// chain to a flaky receiver (Tests/Servers/e2e_receiver.py: 30 % 500s, some timeouts, every signature checked with
/// PyPI `standardwebhooks`), through reorgs of depth 3 and 10 and a `kill -9` of a random evmhook process every
/// two seconds. At the end every (endpoint, canonical log) was delivered, every delivered orphan was followed by its
/// `evm.log.removed`, duplicates share their `webhook-id`, decoded Transfers match their topics, queues are empty.
@Suite struct EndToEndTests {
    static let blocks = 1_000
    static let logsPerBlock = 20

    @Test(.timeLimit(.minutes(10))) func everyLogReachesEveryEndpointThroughReorgsAndKills() async throws {
        try await EndpointCLISchema.with { schema in
            let chain = try await DevChain.start(
                DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: Self.logsPerBlock))
            await chain.mine(1)
            let token = try #require(await chain.logs(in: 0...1).first?.address)
            let prefix = TestEnvironment.uniqueName("e2e")
            let work = FileManager.default.temporaryDirectory.appendingPathComponent(prefix)
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }

            // Three endpoints with overlapping filters.
            let transfer = "Transfer(address indexed from, address indexed to, uint256 value)"
            let endpoints: [(path: String, arguments: [String], filter: LogFilter)] = [
                ("/all", [], LogFilter()),
                ("/transfers", ["--event", transfer], LogFilter(topics: [[try ABIEvent(signature: transfer).topic0]])),
                ("/token", ["--address", token.description], LogFilter(addresses: [token])),
            ]
            let receiver = try E2EReceiver(directory: work, paths: endpoints.map(\.path))
            var secrets: [String: String] = [:]
            for endpoint in endpoints {
                let added = try await schema.run(
                    [
                        "endpoint", "add", "--json", "--url", receiver.url(endpoint.path), "--chain", "31337",
                        "--timeout-ms", "1000",
                    ] + endpoint.arguments,
                    environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "1"])
                try #require(added.status == 0, "\(added.stderr)")
                let object = try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any]
                secrets[endpoint.path] = try #require(object?["secret"] as? String)
            }
            try await receiver.start(secrets: secrets)

            let environment = [
                "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": prefix, "EVMHOOK_DATABASE_URL": schema.url,
                "EVMHOOK_ALLOW_PRIVATE_TARGETS": "1",
                // Twenty attempts, quickly: with 30 % failures nothing should become a dead letter.
                "EVMHOOK_RETRY_SCHEDULE": Array(repeating: "200ms", count: 19).joined(separator: ","),
            ]
            let fleet = try Fleet(
                commands: [
                    ["ingest", "--block-time", "100ms", "--lease", "1s", "--start-block", "0"],
                    ["process", "--claim-idle", "2s"], ["process", "--claim-idle", "2s"],
                    ["deliver", "--worker-timeout", "2s", "--breaker-failures", "50"],
                    ["deliver", "--worker-timeout", "2s", "--breaker-failures", "50"],
                ],
                environment: environment)

            // The workload: blocks in bursts, two reorgs, and a kill -9 every two seconds meanwhile.
            let chaos = Task { await fleet.killRandomlyUntilCancelled(every: .seconds(2)) }
            for step in 0..<(Self.blocks / 5) {
                await chain.mine(5)
                if let depth = [60: 3, 130: 10][step] {
                    // Orphan blocks whose logs were already delivered (however far behind a loaded machine left
                    // the pipeline): that is what must produce `evm.log.removed`.
                    try await receiver.waitForAccepted(blockHash: await chain.head().hash.description, to: "/all")
                    try await chain.reorg(depth: depth)
                }
                try await Task.sleep(for: .milliseconds(40))
            }
            try await Task.sleep(for: .seconds(3))
            chaos.cancel()
            await chaos.value
            let killed = fleet.killCount

            // What the chain says each endpoint should have received.
            let head = await chain.head().number
            let canonical = await chain.logs(in: 0...head)
            #expect(canonical.count >= 19_000)
            var expected: Set<E2EReceiver.Key> = []
            for endpoint in endpoints {
                for log in canonical where endpoint.filter.matches(log) {
                    expected.insert(
                        .init(path: endpoint.path, blockHash: log.blockHash.description, logIndex: log.logIndex))
                }
            }

            let redis = try await RedisConnection.connect(
                to: try TestEnvironment.redisURL(), logger: Logger(label: "test.e2e"))
            let deadline = ContinuousClock.now + .seconds(300)
            var deliveries: [E2EReceiver.Line] = []
            var missing = expected
            var queues = QueueState()
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                deliveries = try receiver.lines()
                missing = expected.subtracting(
                    deliveries.filter { $0.status == 204 && $0.type == "evm.log" }.map(\.key))
                queues = try await QueueState.read(redis: redis, prefix: prefix)
            } while (!missing.isEmpty || !queues.isEmpty) && ContinuousClock.now < deadline
            await fleet.stopAll()
            await redis.close()

            let numbers = Dictionary(canonical.map { ($0.blockHash.description, $0.blockNumber) }) { first, _ in first }
            let missingBlocks = Set(missing.compactMap { numbers[$0.blockHash] }).sorted()
            #expect(
                missing.isEmpty,
                "\(missing.count) of \(expected.count) (endpoint, log) never delivered, in blocks \(missingBlocks)")
            #expect(queues.isEmpty, "left in Redis: \(queues)")
            #expect(deliveries.allSatisfy { $0.verified }, "a delivery failed standardwebhooks verification")
            #expect(deliveries.allSatisfy { $0.decodedOK != false }, "a decoded Transfer disagrees with its topics")
            #expect(deliveries.allSatisfy { ($0.type == "evm.log.removed") == ($0.removed == true) })

            // Duplicates only with the same webhook-id.
            let idsByEvent = Dictionary(grouping: deliveries, by: { "\($0.key)|\($0.type ?? "")" })
                .mapValues { Set($0.compactMap(\.id)) }
            #expect(idsByEvent.values.allSatisfy { $0.count == 1 }, "one event delivered under several webhook ids")

            // Every orphan that was delivered is followed by its removal.
            let canonicalKeys = Set(canonical.map { "\($0.blockHash)|\($0.logIndex)" })
            let orphans = Set(
                deliveries.filter {
                    $0.type == "evm.log" && $0.status == 204
                        && !canonicalKeys.contains("\($0.blockHash)|\($0.logIndex)")
                }.map(\.key))
            let removals = Set(deliveries.filter { $0.type == "evm.log.removed" && $0.status == 204 }.map(\.key))
            #expect(!orphans.isEmpty, "the reorgs orphaned no delivered log: the test lost its point")
            #expect(orphans.subtracting(removals).isEmpty, "delivered orphans without evm.log.removed")

            let requests = deliveries.count
            let delivered = Set(deliveries.filter { $0.status == 204 }.map { "\($0.key)|\($0.type ?? "")" }).count
            print(
                "end to end: \(canonical.count) canonical logs, \(expected.count) (endpoint, log) pairs, "
                    + "\(orphans.count) orphans removed; receiver saw \(requests) requests, \(delivered) distinct "
                    + "deliveries accepted; \(killed) processes killed with -9")
            await receiver.stop()
            await chain.stop()
        }
    }
}
