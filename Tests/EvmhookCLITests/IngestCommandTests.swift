import DevChain
import TestSupport
import Testing

/// `evmhook ingest` and `evmhook replay` as the built binary: configuration errors exit 2 with one clear line.
@Suite struct IngestCommandTests {
    @Test func aNodeOnAnotherChainExitsTwoNamingBothIDs() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, chainID: 5, blockTime: nil))
        let result = try await EvmhookBinary.run(
            ["ingest"],
            environment: [
                "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_CHAIN_ID": "1",
                "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("cli-ingest"),
            ])
        await chain.stop()
        #expect(result.status == 2)
        #expect(result.stderr.contains("chain id 5"))
        #expect(result.stderr.contains("EVMHOOK_CHAIN_ID is 1"))
    }

    @Test func anUnreachableNodeAtStartExitsTwo() async throws {
        let port = try FreePort.next()
        let result = try await EvmhookBinary.run(
            ["ingest"],
            environment: [
                "EVMHOOK_RPC_URL": "ws://127.0.0.1:\(port)", "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
                "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("cli-ingest"),
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot reach the node at EVMHOOK_RPC_URL"))
    }

    @Test func ingestWithoutANodeURLExitsTwo() async throws {
        let result = try await EvmhookBinary.run(["ingest"], environment: [:])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_RPC_URL"))
    }

    @Test func replayOfASmallRangeCompletesWithPlainProgressLines() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 2))
        await chain.mine(50)
        let environment = [
            "EVMHOOK_RPC_URL": chain.webSocketURL, "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(),
            "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("cli-replay"),
        ]
        let result = try await EvmhookBinary.run(
            ["replay", "--chain", "31337", "--from", "1", "--to", "50"], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("complete: 50 blocks, 100 logs"))
        #expect(result.stderr.contains("replay: 50/50 blocks"))
        let rerun = try await EvmhookBinary.run(
            ["replay", "--chain", "31337", "--from", "1", "--to", "50"], environment: environment)
        #expect(rerun.stdout.contains("0 logs this run"))
        let wrong = try await EvmhookBinary.run(
            ["replay", "--chain", "1", "--from", "1", "--to", "50"], environment: environment)
        await chain.stop()
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("chain id 31337"))
    }

    /// Before anything is replayed, a node that cannot be used and an endpoint that does not exist are settings to
    /// fix: exit 2 with a line naming them.
    @Test func replayRefusesAnUnusableNodeAndAnUnknownEndpoint() async throws {
        try await EndpointCLISchema.with { schema in
            let environment = [
                "EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(), "EVMHOOK_DATABASE_URL": schema.url,
                "EVMHOOK_REDIS_PREFIX": TestEnvironment.uniqueName("cli-replay"),
            ]
            let range = ["replay", "--chain", "31337", "--from", "1", "--to", "5"]
            for url in ["ws://127.0.0.1:1", "ftp://127.0.0.1:1"] {
                let refused = try await EvmhookBinary.run(
                    range, environment: environment.merging(["EVMHOOK_RPC_URL": url]) { $1 })
                #expect(refused.status == 2, "\(url): \(refused.stderr)")
                #expect(refused.stderr.contains("check --rpc-url or EVMHOOK_RPC_URL"), "\(url): \(refused.stderr)")
            }
            let scheme = try await EvmhookBinary.run(
                range, environment: environment.merging(["EVMHOOK_RPC_URL": "ftp://127.0.0.1:1"]) { $1 })
            #expect(scheme.stderr.contains("ws://, wss://, http:// or https://"))

            let nobody = "00000000-0000-0000-0000-000000000000"
            let unknown = try await EvmhookBinary.run(
                range + ["--endpoint", nobody],
                environment: environment.merging(["EVMHOOK_RPC_URL": "ws://127.0.0.1:1"]) { $1 })
            #expect(unknown.status == 2 && unknown.stderr.contains("--endpoint: no endpoint \(nobody)"))
        }
    }
}
