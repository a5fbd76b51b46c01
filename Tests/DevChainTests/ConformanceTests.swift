import ChainKit
import Logging
import Testing

@testable import DevChain

/// The dev chain answers each kind of request recorded from geth with the same shape: the same fields in the same
/// order, the same encodings (and for errors, the same code and words).
@Suite struct ConformanceTests {
    /// A node at height 0x36, the height of the recorded test chain, so recorded requests apply verbatim.
    private func node() async -> DevChainNode {
        let node = DevChainNode(
            configuration: DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 4),
            logger: Logger(label: "test")
        )
        await node.mine(count: 0x36)
        return node
    }

    private func answer(_ node: DevChainNode, _ request: JSONValue) async throws -> JSONValue {
        let reply = await node.handleHTTP(body: Array(request.serialized().utf8))
        #expect(reply.status == 200)
        return try JSONValue.parse(Array(reply.body.utf8))
    }

    @Test(arguments: try RecordedExchange.all("eth_getBlockByNumber") + RecordedExchange.all("eth_getBlockByHash"))
    func blocksHaveGethsShape(exchange: RecordedExchange) async throws {
        let node = await node()
        guard let recorded = exchange.response["result"], recorded != .null else {
            // Not found: geth answers null, and so must we; the recorded request names a block we don't have either.
            let request = exchange.request
            #expect(try await answer(node, request)["result"] == .null)
            return
        }
        // Blocks of earlier forks lack later fields; the dev chain is post-Prague, so compare with those only.
        guard recorded["requestsHash"] != nil else { return }
        guard case .array(let params) = exchange.request["params"] ?? .null, case .bool(let full) = params[1] else {
            Issue.record("unexpected request \(exchange.request.serialized())")
            return
        }
        let ours = try await answer(
            node,
            .object([
                JSONMember("jsonrpc", .string("2.0")), JSONMember("id", .number("1")),
                JSONMember("method", .string("eth_getBlockByNumber")),
                JSONMember("params", .array([.string("latest"), .bool(full)])),
            ])
        )
        let result = try #require(ours["result"])
        #expect(JSONShape(result) == JSONShape(recorded), "\(exchange.name)")
    }

    @Test func logsHaveGethsFieldsOrderAndEncodings() async throws {
        let node = await node()
        let recorded = try RecordedExchange.all("eth_getLogs").compactMap { exchange -> JSONValue? in
            guard case .array(let logs) = exchange.response["result"] ?? .null else { return nil }
            return logs.first
        }
        #expect(!recorded.isEmpty)
        let ours = try await answer(node, request("eth_getLogs", [.object([JSONMember("fromBlock", .string("0x1"))])]))
        guard case .array(let logs) = ours["result"] ?? .null, let first = logs.first else {
            Issue.record("no logs: \(ours.serialized())")
            return
        }
        #expect(logs.count == 0x36 * 4)
        for log in recorded { #expect(JSONShape(first) == JSONShape(log)) }
    }

    @Test(arguments: try RecordedExchange.all("eth_getLogs").filter { $0.response["error"] != nil })
    func getLogsErrorsUseGethsCodesAndWords(exchange: RecordedExchange) async throws {
        let node = await node()
        let ours = try await answer(node, exchange.request)
        #expect(ours == exchange.response, "\(exchange.name)")
    }

    @Test func receiptsHaveGethsShape() async throws {
        let node = await node()
        let recorded = try RecordedExchange.all("eth_getTransactionReceipt").compactMap { exchange -> JSONValue? in
            // Post-Byzantium receipts (with `status`) of non-blob transactions share one field set whatever the type.
            guard let receipt = exchange.response["result"], receipt["status"] != nil, receipt["blobGasUsed"] == nil
            else { return nil }
            return receipt
        }
        #expect(!recorded.isEmpty)
        let block = try await answer(node, request("eth_getBlockByNumber", [.string("0x5"), .bool(false)]))
        guard case .array(let hashes) = block["result"]?["transactions"] ?? .null, let hash = hashes.first else {
            Issue.record("block without transactions")
            return
        }
        let receipt = try #require(try await answer(node, request("eth_getTransactionReceipt", [hash]))["result"])
        // Compare field sets and encodings; `logs` is compared through the log test, emptiness differs.
        for expected in recorded {
            #expect(fields(receipt) == fields(expected))
        }
        let missing = try await answer(
            node, request("eth_getTransactionReceipt", [.string("0x" + String(repeating: "12", count: 32))])
        )
        #expect(missing["result"] == .null)
    }

    @Test func simpleMethodsAnswerQuantities() async throws {
        let node = await node()
        let blockNumber = try RecordedExchange.all("eth_blockNumber")[0]
        #expect(try await answer(node, blockNumber.request) == blockNumber.response)
        let chainID = try RecordedExchange.all("eth_chainId")[0]
        let ours = try await answer(node, chainID.request)
        #expect(ours["result"] == .string("0x7a69"))
        #expect(JSONShape(ours) == JSONShape(chainID.response))
    }

    @Test(arguments: [
        "subscribe-unknown-kind.json", "subscribe-newHeads-extra-param.json", "unsubscribe-unknown.json",
    ])
    func subscriptionErrorsMatchGethOverWebSocket(file: String) async throws {
        let node = await node()
        let (socket, output) = await node.openSocket()
        let frames = try RecordedExchange.frames(file)
        var replies = output.makeAsyncIterator()
        for (sent, expected) in zip(frames.filter { $0.direction == "send" }, frames.filter { $0.direction == "recv" })
        {
            await node.handleSocketMessage(socket, sent.text)
            guard case .text(let reply) = await replies.next() else {
                Issue.record("no reply")
                return
            }
            #expect(reply == expected.text)
        }
    }

    @Test func unknownMethodsAreRefusedInGethsWords() async throws {
        let node = await node()
        let recorded = try RecordedExchange.errorCase("method-not-found-geth.json")
        guard case .string(let body) = recorded["body"] ?? .null, let request = recorded["request"] else {
            Issue.record("fixture without body or request")
            return
        }
        let reply = await node.handleHTTP(body: Array(request.serialized().utf8))
        #expect(reply.body == body)
    }

    @Test func batchesAnswerEachRequestInOrderAndNotificationsNot() async throws {
        let node = await node()
        let batch =
            #"[{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"},{"jsonrpc":"2.0","id":"two","method":"eth_chainId"},"#
            + #"{"jsonrpc":"2.0","method":"eth_blockNumber"},{"jsonrpc":"2.0","id":3,"method":"nope"}]"#
        let reply = await node.handleHTTP(body: Array(batch.utf8))
        #expect(
            reply.body == #"[{"jsonrpc":"2.0","id":1,"result":"0x36"},{"jsonrpc":"2.0","id":"two","result":"0x7a69"},"#
                + #"{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"the method nope does not exist/is not available"}}]"#
        )
        let empty = await node.handleHTTP(body: Array("[]".utf8))
        #expect(empty.body == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"empty batch"}}"#)
        let garbage = await node.handleHTTP(body: Array("{not json".utf8))
        #expect(garbage.body == #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#)
    }

    @Test func subscribingOverHTTPIsRefusedAsGethDoes() async throws {
        let node = await node()
        let frames = try RecordedExchange.frames("subscribe-over-http.json")
        let reply = await node.handleHTTP(body: Array(frames[0].text.utf8))
        #expect(reply.body == frames[1].text)
    }

    @Test func newHeadsSessionHasGethsFramesShape() async throws {
        let node = await node()
        let (socket, output) = await node.openSocket()
        let frames = try RecordedExchange.frames("session-newHeads.json")
        var replies = output.makeAsyncIterator()
        await node.handleSocketMessage(socket, frames[0].text)
        guard case .text(let ack) = await replies.next() else { return }
        #expect(
            JSONShape(try JSONValue.parse(Array(ack.utf8)))
                == JSONShape(try JSONValue.parse(Array(frames[1].text.utf8))))
        let subscription = try JSONValue.parse(Array(ack.utf8))["result"]!
        await node.mine(count: 3)
        var previous: JSONValue?
        for index in 2..<5 {
            guard case .text(let text) = await replies.next() else { return }
            let notification = try JSONValue.parse(Array(text.utf8))
            let recorded = try JSONValue.parse(Array(frames[index].text.utf8))
            #expect(JSONShape(notification) == JSONShape(recorded))
            #expect(notification["params"]?["subscription"] == subscription)
            if let previous { #expect(notification["params"]?["result"]?["parentHash"] == previous["hash"]) }
            previous = notification["params"]?["result"]
        }
    }

    private func request(_ method: String, _ params: [JSONValue]) -> JSONValue {
        .object([
            JSONMember("jsonrpc", .string("2.0")), JSONMember("id", .number("1")),
            JSONMember("method", .string(method)),
            JSONMember("params", .array(params)),
        ])
    }

    private func fields(_ value: JSONValue) -> [String] {
        guard case .object(let members) = value else { return [] }
        return members.map(\.key).sorted()
    }
}
