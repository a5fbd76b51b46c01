import ArgumentParser
import ChainKit
import DevChain
import Foundation

/// `evmhook-bench devchain`: how many logs/s the dev chain serves through `eth_getLogs` (wrk, a C load generator,
/// POSTing a fixed range), and whether it keeps announcing blocks on time meanwhile.
struct DevChainBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devchain", abstract: "eth_getLogs throughput of the dev chain and block timing under load."
    )

    @Option var seconds = 8
    @Option var connections = 32
    @Option(name: .customLong("logs-per-block")) var logsPerBlock = 100
    @Option(name: .customLong("blocks-per-request")) var blocksPerRequest = 10
    @Option(name: .customLong("block-time-ms")) var blockTimeMilliseconds = 250

    func run() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: logsPerBlock))
        await chain.mine(blocksPerRequest)
        let logsPerResponse = logsPerBlock * blocksPerRequest
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("devchain-getlogs.lua")
        let body =
            #"{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x1","toBlock":"\#(Hex.encodeQuantity(UInt64(blocksPerRequest)))"}]}"#
        try "wrk.method=\"POST\"\nwrk.body=[[\(body)]]\nwrk.headers[\"content-type\"]=\"application/json\"\n"
            .write(to: script, atomically: true, encoding: .utf8)

        // Mine on a timer during the load: blocks are announced as they are mined, so the count mined during the
        // load against the count expected says whether announcements kept time.
        await chain.setBlockTime(.milliseconds(blockTimeMilliseconds))
        let wrk = Process()
        wrk.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        wrk.arguments = ["wrk", "-t1", "-c\(connections)", "-d\(seconds)s", "-s", script.path, chain.httpURL]
        let pipe = Pipe()
        wrk.standardOutput = pipe
        try wrk.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        wrk.waitUntilExit()
        await chain.setBlockTime(nil)
        let minedDuringLoad = await chain.head().number - UInt64(blocksPerRequest)
        await chain.stop()

        let requests =
            output.split(separator: "\n").first { $0.contains("Requests/sec") }
            .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
        let expectedBlocks = Double(seconds * 1_000 / blockTimeMilliseconds)
        print(
            "eth_getLogs: \(Int(requests)) requests/s × \(logsPerResponse) logs = \(Int(requests) * logsPerResponse) logs/s"
        )
        print(
            "blocks mined during the load: \(minedDuringLoad) of \(Int(expectedBlocks)) expected at \(blockTimeMilliseconds) ms"
        )
        print(
            #"{"getlogs_logs_s":\#(Int(requests) * logsPerResponse),"getlogs_requests_s":\#(Int(requests)),"#
                + #""blocks_on_time_ratio":\#(String(format: "%.3f", Double(minedDuringLoad) / expectedBlocks))}"#
        )
    }
}
