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
}
