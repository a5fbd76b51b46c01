import ChainKit
import DevChain
import Foundation
import LibWebSockets
import Logging
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The controls, through the real server: a WebSocket client (our libwebsockets wrapper) and HTTP (URLSession).
@Suite struct DevChainServerTests {
    private let logger = Logger(label: "test")

    private func post(_ chain: DevChain, _ body: String) async throws -> (
        status: Int, headers: [String: String], body: String
    ) {
        var request = URLRequest(url: URL(string: chain.httpURL)!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for case (let name as String, let value as String) in http.allHeaderFields {
            headers[name.lowercased()] = value
        }
        return (http.statusCode, headers, String(decoding: data, as: UTF8.self))
    }

    /// Reads events until `predicate` accepts one, or fails after `timeout`.
    private func next(
        _ events: inout AsyncStream<WebSocketEvent>.Iterator, timeout: Duration = .seconds(10),
        where predicate: (WebSocketEvent) -> Bool
    ) async -> WebSocketEvent? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline, let event = await events.next() {
            if predicate(event) { return event }
        }
        return nil
    }

    /// A client still writing its request does not hold the chain's stop, nor with it `evmhook dev`'s exit (graceful
    /// shutdown waited for its body forever).
    @Test func aStalledRequestDoesNotHoldTheStop() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil))
        let stalled = try StalledHTTPRequest(port: try #require(URL(string: chain.httpURL)?.port), path: "/")
        defer { stalled.close() }
        try await stalled.waitUntilReadByServer()
        try await Task { await chain.stop() }.value(within: .seconds(30), waitingFor: "the chain to stop")
    }

    @Test func timerMinesAndAnnouncesHeadsThenCloseWebSocketsDropsTheClient() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 2))
        defer { Task { await chain.stop() } }
        let client = try WebSocketClient(url: chain.webSocketURL, logger: logger)
        defer { client.stop() }
        var events = client.events.makeAsyncIterator()
        try client.send(text: #"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}"#)
        #expect(
            await next(&events) { if case .text(let text) = $0 { text.contains(#""id":1"#) } else { false } } != nil)

        await chain.setBlockTime(.milliseconds(50))
        var numbers: [JSONValue] = []
        while numbers.count < 3,
            case .text(let text)? = await next(&events, where: { if case .text = $0 { true } else { false } })
        {
            numbers.append(try JSONValue.parse(Array(text.utf8))["params"]?["result"]?["number"] ?? .null)
        }
        await chain.setBlockTime(nil)
        #expect(numbers == [.string("0x1"), .string("0x2"), .string("0x3")])

        #expect(await chain.closeWebSockets() == 1)
        let closed = await next(&events) { if case .closed = $0 { true } else { false } }
        #expect(closed != nil)
    }

    @Test func providerRefusalsAndRateLimitsKeepTheirHTTPStatusAndHeaders() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 2))
        defer { Task { await chain.stop() } }
        await chain.mine(20)
        await chain.setGetLogsLimit(GetLogsLimit(maxRange: 5, style: .quicknode))
        let refused = try await post(
            chain, #"{"jsonrpc":"2.0","id":56,"method":"eth_getLogs","params":[{"fromBlock":"0x1","toBlock":"0x14"}]}"#
        )
        #expect(refused.status == 413)
        #expect(
            refused.body
                == #"{"jsonrpc":"2.0","id":56,"error":{"code":-32614,"message":"eth_getLogs is limited to a 5 range"}}"#
        )

        await chain.failNext(1, with: .rateLimited)
        let limited = try await post(chain, #"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#)
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "1")

        await chain.failNext(1, with: .badGateway)
        let gateway = try await post(chain, #"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#)
        #expect(gateway.status == 502 && gateway.headers["content-type"] == "text/html")
    }

    @Test func responseDelayHoldsEveryAnswer() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil))
        defer { Task { await chain.stop() } }
        await chain.setResponseDelay(.milliseconds(300))
        let started = ContinuousClock.now
        let answer = try await post(chain, #"{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}"#)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(answer.body == #"{"jsonrpc":"2.0","id":1,"result":"0x7a69"}"#)
    }

    @Test func controlMethodsWorkOverJSONRPC() async throws {
        let chain = try await DevChain.start(DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 3))
        defer { Task { await chain.stop() } }
        #expect(
            try await post(chain, #"{"jsonrpc":"2.0","id":1,"method":"devchain_mine","params":[5]}"#).body
                == #"{"jsonrpc":"2.0","id":1,"result":"0x5"}"#)
        let emitted =
            #"[{"address":"0x00000000000000000000000000000000000000aa","topics":["0x\#(String(repeating: "cd", count: 32))"],"data":"0x01"}]"#
        _ = try await post(chain, #"{"jsonrpc":"2.0","id":2,"method":"devchain_emitLogs","params":[\#(emitted)]}"#)
        _ = try await post(chain, #"{"jsonrpc":"2.0","id":3,"method":"devchain_mine","params":[1]}"#)
        let logs = try await post(
            chain,
            #"{"jsonrpc":"2.0","id":4,"method":"eth_getLogs","params":[{"fromBlock":"0x6","toBlock":"0x6","address":"0x00000000000000000000000000000000000000aa"}]}"#
        )
        let parsed = try JSONValue.parse(Array(logs.body.utf8))["result"]
        guard case .array(let items) = parsed ?? .null else {
            Issue.record("no logs: \(logs.body)")
            return
        }
        #expect(items.count == 1 && items[0]["data"] == .string("0x01") && items[0]["logIndex"] == .string("0x0"))
        let reorg = try await post(chain, #"{"jsonrpc":"2.0","id":5,"method":"devchain_reorg","params":[2]}"#)
        #expect(try JSONValue.parse(Array(reorg.body.utf8))["result"]?["adopted"] == .number("3"))
        #expect(await chain.head().number == 7)
        let bad = try await post(chain, #"{"jsonrpc":"2.0","id":6,"method":"devchain_reorg","params":[99]}"#)
        #expect(bad.body.contains("-32602"))
    }
}
