import ArgumentParser
import Delivery
import DevChain
import Foundation
import Logging

/// `evmhook devchain`: the simulated node alone, for tests, demos and benchmarks.
struct DevChainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devchain",
        abstract: "Run a simulated Ethereum node (JSON-RPC over HTTP and WebSocket on one port)."
    )

    @Option(help: "Port on 127.0.0.1 (0 picks a free port and prints it).")
    var port = 8545

    @Option(name: .customLong("chain-id"), help: "Chain id reported by eth_chainId.")
    var chainID: UInt64 = 31_337

    @Option(name: .customLong("block-time"), help: "Time between blocks, e.g. 1s, 500ms; 0 mines only on request.")
    var blockTime = "1s"

    @Option(name: .customLong("logs-per-block"), help: "Logs in every mined block.")
    var logsPerBlock = 20

    @Option(help: "Seed of the workload: equal seeds give equal chains.")
    var seed: UInt64 = 1

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535, got \(port)") }
        guard DurationText.parse(blockTime) != nil else {
            throw ValidationError("--block-time must look like 1s, 500ms or 0, got '\(blockTime)'")
        }
        guard (0...100_000).contains(logsPerBlock) else {
            throw ValidationError("--logs-per-block must be 0…100000, got \(logsPerBlock)")
        }
    }

    func run() async throws {
        let interval = DurationText.parse(blockTime)!
        let chain = try await DevChain.start(
            DevChainConfiguration(
                port: port, chainID: chainID, blockTime: interval == .zero ? nil : interval,
                logsPerBlock: logsPerBlock, seed: seed
            ),
            logger: Logger(label: "evmhook.devchain")
        )
        // The line scripts and tests wait for; it names the port actually bound. Written unbuffered so a pipe
        // sees it at once.
        let banner = "devchain listening on \(chain.httpURL) and \(chain.webSocketURL) (chain id \(chainID))\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        _ = await ShutdownSignal.wait()
        await chain.stop()
    }
}
