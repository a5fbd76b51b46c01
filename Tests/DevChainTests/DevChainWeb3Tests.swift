import ChainKit
import DevChain
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A third-party client, web3.py (installed by scripts/test), works with the dev chain over a real WebSocket.
@Suite struct DevChainWeb3Tests {
    @Test func web3FollowsHeadsReadsBlocksAndSeesAReorgAsRemovedLogs() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 5))
        defer { Task { await chain.stop() } }
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/web3_client.py").path
        let client = try ChildProcess("/usr/bin/env", ["python3", script, chain.webSocketURL])
        let line = try await client.waitForLine(containing: "RESULT ", timeout: .seconds(60))
        let result = try JSONValue.parse(Array(line.dropFirst("RESULT ".count).utf8))

        #expect(result["chainId"] == .number("31337"))
        guard case .array(let heads) = result["heads"] ?? .null, heads.count == 4 else {
            Issue.record("expected 4 heads: \(line)")
            return
        }
        // Three consecutive heads, then the reorg's new head one block higher, on another branch.
        #expect(heads.map { $0["number"] } == [.number("1"), .number("2"), .number("3"), .number("4")])
        #expect(heads[1]["parentHash"] == heads[0]["hash"] && heads[2]["parentHash"] == heads[1]["hash"])
        #expect(heads[3]["parentHash"] != heads[2]["hash"])
        let finalHead = await chain.head()
        #expect(heads[3]["hash"] == .string(finalHead.hash.description))

        // Every log of the two orphaned blocks came back with removed: true, and only those.
        guard case .array(let removed) = result["removed"] ?? .null else { return }
        #expect(removed.count == 10)
        #expect(Set(removed.compactMap { $0["blockHash"] }) == [heads[1]["hash"]!, heads[2]["hash"]!])
        #expect(result["logs"] == .number(String(15 + (await logsInBranch(chain)))))

        #expect(result["block"]?["hash"] == heads[3]["hash"])
        #expect(result["blockLogHashes"] == .array([heads[3]["hash"]!]))
        #expect(result["receiptStatus"] == .number("1"))
    }

    /// Logs of blocks 2…4 of the new branch, which a `logs` subscriber receives after the removed ones.
    private func logsInBranch(_ chain: DevChain) async -> Int {
        let request = #"{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x2","toBlock":"0x4"}]}"#
        var urlRequest = URLRequest(url: URL(string: chain.httpURL)!)
        urlRequest.httpMethod = "POST"
        urlRequest.httpBody = Data(request.utf8)
        urlRequest.setValue("application/json", forHTTPHeaderField: "content-type")
        guard let (data, _) = try? await URLSession.shared.data(for: urlRequest),
            case .array(let logs) = (try? JSONValue.parse(Array(data)))?["result"] ?? .null
        else { return -1 }
        return logs.count
    }
}
