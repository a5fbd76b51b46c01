import DevChain
import Foundation
import TestSupport
import Testing

/// Bad arguments and unusable servers: exit 2, one line naming what is wrong, nothing changed.
@Suite struct ReconcileArgumentTests {
    static func reconcile(_ arguments: [String], environment: [String: String] = [:]) async throws
        -> EvmhookBinary.Result
    {
        try await EvmhookBinary.run(["reconcile"] + arguments, environment: environment)
    }

    @Test func fromAfterToIsRefused() async throws {
        let result = try await Self.reconcile(["--chain", "1", "--from", "9", "--to", "3"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--from must not be after --to"))
    }

    @Test func endpointMustBeAUUID() async throws {
        let result = try await Self.reconcile(["--chain", "1", "--from", "0", "--to", "3", "--endpoint", "nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--endpoint"))
    }

    @Test func nodeURLIsRequired() async throws {
        let result = try await Self.reconcile(["--chain", "1", "--from", "0", "--to", "3"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_RPC_URL"))
    }

    @Test func chainMustMatchTheConfiguredChainID() async throws {
        let result = try await Self.reconcile(
            ["--chain", "1", "--from", "0", "--to", "3", "--rpc-url", "ws://127.0.0.1:9"],
            environment: ["EVMHOOK_CHAIN_ID": "5"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_CHAIN_ID"))
    }

    @Test func unreachableNodeIsBadConfiguration() async throws {
        let url = "ws://127.0.0.1:\(try FreePort.next())"
        try await Deployment.with(rpcURL: nil) { deployment in
            let result = try await deployment.run([
                "reconcile", "--chain", "31337", "--from", "0", "--to", "3", "--rpc-url", url,
            ])
            #expect(result.status == 2, "\(result.stderr)")
            #expect(result.stderr.contains("cannot use the node"))
        }
    }

    @Test func nodeOnAnotherChainAndUnsettledBlocksAreRefused() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 1))
        try await Deployment.with(rpcURL: nil) { deployment in
            let url = ["--rpc-url", chain.webSocketURL]
            let wrong = try await deployment.run(["reconcile", "--chain", "1", "--from", "0", "--to", "0"] + url)
            #expect(wrong.status == 2)
            #expect(wrong.stderr.contains("reports chain id 31337"))
            let past = try await deployment.run(["reconcile", "--chain", "31337", "--from", "0", "--to", "999"] + url)
            #expect(past.status == 2)
            #expect(past.stderr.contains("past the node's head"))

            // Blocks within EVMHOOK_CONFIRMATIONS of the head are not settled: refused, the rest reconciled.
            let head = await chain.mine(3)
            let confirmations = ["EVMHOOK_CONFIRMATIONS": "2"]
            let unsettled = try await deployment.run(
                ["reconcile", "--chain", "31337", "--from", "0", "--to", String(head - 1)] + url, extra: confirmations)
            #expect(unsettled.status == 2)
            #expect(unsettled.stderr.contains("the last block to reconcile is \(head - 2)"), "\(unsettled.stderr)")
            let settled = try await deployment.run(
                ["reconcile", "--chain", "31337", "--from", "0", "--to", String(head - 2)] + url, extra: confirmations)
            #expect(settled.status == 0, "\(settled.stderr)")
        }
        await chain.stop()
    }

    @Test func unknownEndpointIsRefused() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 1))
        try await Deployment.with(rpcURL: nil) { deployment in
            let result = try await deployment.run([
                "reconcile", "--chain", "31337", "--from", "0", "--to", "0", "--rpc-url", chain.webSocketURL,
                "--endpoint", UUID().uuidString,
            ])
            #expect(result.status == 2)
            #expect(result.stderr.contains("no endpoint"))
        }
        await chain.stop()
    }

    @Test func unreachableRedisIsBadConfiguration() async throws {
        let result = try await Self.reconcile(
            [
                "--chain", "1", "--from", "0", "--to", "3", "--rpc-url", "ws://127.0.0.1:9", "--redis-url",
                "redis://127.0.0.1:\(try FreePort.next())",
            ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot use Redis"), "\(result.stderr)")
    }

    @Test func unreachablePostgreSQLIsBadConfiguration() async throws {
        let result = try await Self.reconcile(
            [
                "--chain", "1", "--from", "0", "--to", "3", "--rpc-url", "ws://127.0.0.1:9", "--database-url",
                "postgres://127.0.0.1:\(try FreePort.next())/evmhook",
            ],
            environment: ["EVMHOOK_REDIS_URL": try TestEnvironment.redisURL()])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot reach PostgreSQL"), "\(result.stderr)")
    }

    @Test func anUnmigratedDatabaseIsBadConfiguration() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 1))
        let schema = TestEnvironment.uniqueName("unmigrated")
        let base = try TestEnvironment.databaseURL()
        // A search_path naming a schema that does not exist: no tables at all.
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        let result = try await Self.reconcile(
            ["--chain", "31337", "--from", "0", "--to", "0", "--rpc-url", chain.webSocketURL],
            environment: ["EVMHOOK_REDIS_URL": try TestEnvironment.redisURL(), "EVMHOOK_DATABASE_URL": url])
        #expect(result.status == 2)
        #expect(result.stderr.contains("run `evmhook migrate` first"), "\(result.stderr)")
        await chain.stop()
    }
}
