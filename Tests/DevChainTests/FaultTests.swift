import ChainKit
import Foundation
import Logging
import Testing

@testable import DevChain

/// The faults answer in the words and statuses recorded from real nodes and providers.
@Suite struct FaultTests {
    private func node() async -> DevChainNode {
        let node = DevChainNode(
            configuration: DevChainConfiguration(port: 0, blockTime: nil, logsPerBlock: 4),
            logger: Logger(label: "test")
        )
        await node.mine(count: 54)
        return node
    }

    private func getLogs(_ node: DevChainNode, from: String, to: String = "latest") async -> HTTPReply {
        let request =
            #"{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"fromBlock":"\#(from)","toBlock":"\#(to)"}]}"#
        return await node.handleHTTP(body: Array(request.utf8))
    }

    /// A message with its numbers (decimal with thousands separators, or hex) replaced by `#`.
    private func template(_ text: String) -> String {
        text.replacingOccurrences(of: #"0x[0-9a-fA-F]+|\d+(,\d{3})*"#, with: "#", options: .regularExpression)
    }

    @Test(arguments: try RecordedExchange.errorCases("getlogs-limits.json"))
    func getLogsRefusalsUseTheProvidersWords(recorded: JSONValue) async throws {
        guard case .string(let id) = recorded["id"], let style = GetLogsLimit.Style(rawValue: id) else {
            Issue.record("no style for \(recorded["id"]?.serialized() ?? "?")")
            return
        }
        let hint = recorded["hint"] ?? .object([])
        let byResults = hint["max_results"] != nil
        let node = await node()
        await node.setFaults {
            $0.getLogsLimit =
                byResults ? GetLogsLimit(maxResults: 10, style: style) : GetLogsLimit(maxRange: 10, style: style)
        }
        let reply = await getLogs(node, from: "0x1")

        var expected = try #require(recorded["body_json"])
        if case .array(let batch) = expected { expected = batch[0] }
        let ours = try JSONValue.parse(Array(reply.body.utf8))
        let expectedStatus = recorded["http_status"].flatMap { if case .number(let n) = $0 { Int(n) } else { nil } }
        #expect(reply.status == expectedStatus ?? 200)
        #expect(ours["error"]?["code"] == expected["error"]?["code"], "\(id)")
        guard case .string(let message) = ours["error"]?["message"],
            case .string(let recordedMessage) = expected["error"]?["message"]
        else {
            Issue.record("no message in \(reply.body)")
            return
        }
        #expect(template(message) == template(recordedMessage), "\(id)")
        if case .string(let payload) = expected["error"]?["data"]?["payload"] {
            guard case .string(let ourPayload) = ours["error"]?["data"]?["payload"] else {
                Issue.record("no payload in \(reply.body)")
                return
            }
            #expect(template(ourPayload) == template(payload))
        }
    }

    @Test func suggestedRangesAreAnswerable() async throws {
        let node = await node()
        await node.setFaults { $0.getLogsLimit = GetLogsLimit(maxResults: 10, style: .reth) }
        let refused = try JSONValue.parse(Array(await getLogs(node, from: "0x1").body.utf8))
        guard case .string(let message) = refused["error"]?["message"] else {
            Issue.record("not refused")
            return
        }
        // "retry with the range A-B": that range must be answered, and must hold at most 10 logs.
        let bounds = message.split(separator: " ").last!.split(separator: "-").map { UInt64($0)! }
        let answered = try JSONValue.parse(
            Array(await getLogs(node, from: Hex.encodeQuantity(bounds[0]), to: Hex.encodeQuantity(bounds[1])).body.utf8)
        )
        guard case .array(let logs) = answered["result"] ?? .null else {
            Issue.record("suggested range refused: \(answered.serialized())")
            return
        }
        #expect(logs.count <= 10 && logs.count >= 8)
    }

    @Test(arguments: TransportFault.allCases)
    func transportFaultsAnswerAsRecorded(fault: TransportFault) async throws {
        let node = await node()
        let recorded = try RecordedExchange.errorCases("transport.json").first { $0["id"] == .string(fault.rawValue) }
        let expected = try #require(recorded)
        await node.setFaults { $0.scheduled = [fault] }
        let reply = await node.handleHTTP(body: Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#.utf8))
        if case .number(let status) = expected["http_status"] ?? .null { #expect(reply.status == Int(status)) }
        switch fault {
        case .badGateway, .invalidHost, .emptyBody:
            #expect(reply.body == (expected["body"].flatMap { if case .string(let s) = $0 { s } else { nil } }))
        case .truncatedJSON:
            #expect((try? JSONValue.parse(Array(reply.body.utf8))) == nil)
        case .headerNotFound:
            #expect(try JSONValue.parse(Array(reply.body.utf8)) == expected["body_json"])
        case .rateLimited:
            #expect(reply.headers["retry-after"] == "1")
            #expect(
                try JSONValue.parse(Array(reply.body.utf8))["error"]?["code"]
                    == expected["body_json"]?["error"]?["code"])
        }
        // One request only: the next is answered normally.
        let next = await node.handleHTTP(body: Array(#"{"jsonrpc":"2.0","id":2,"method":"eth_blockNumber"}"#.utf8))
        #expect(next.body == #"{"jsonrpc":"2.0","id":2,"result":"0x36"}"#)
    }

    @Test func malformedAnswersDoNotParseAndControlMethodsAreExempt() async throws {
        let node = await node()
        await node.setFaults { $0.malformedRemaining = 2 }
        let control = await node.handleHTTP(
            body: Array(#"{"jsonrpc":"2.0","id":1,"method":"devchain_mine","params":[1]}"#.utf8))
        #expect(control.body == #"{"jsonrpc":"2.0","id":1,"result":"0x37"}"#)
        for _ in 0..<2 {
            let reply = await node.handleHTTP(body: Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#.utf8))
            #expect((try? JSONValue.parse(Array(reply.body.utf8))) == nil)
        }
        let healthy = await node.handleHTTP(body: Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}"#.utf8))
        #expect(healthy.body == #"{"jsonrpc":"2.0","id":1,"result":"0x37"}"#)
    }

    @Test func silencedHeadsKeepMiningWithoutAnnouncing() async throws {
        let node = await node()
        let (socket, output) = await node.openSocket()
        var frames = output.makeAsyncIterator()
        await node.handleSocketMessage(
            socket, #"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["newHeads"]}"#)
        _ = await frames.next()
        await node.setFaults { $0.headsSilencedUntil = ContinuousClock.now.advanced(by: .seconds(3_600)) }
        await node.mine(count: 2)
        await node.setFaults { $0.headsSilencedUntil = nil }
        await node.mine(count: 1)
        guard case .text(let text) = await frames.next() else {
            Issue.record("no notification")
            return
        }
        // The first head heard is 0x39: the two mined while silent were never announced.
        #expect(try JSONValue.parse(Array(text.utf8))["params"]?["result"]?["number"] == .string("0x39"))
    }

    @Test func reorgSendsRemovedLogsThenTheNewBranchThenOneHead() async throws {
        let node = await node()
        let (socket, output) = await node.openSocket()
        var frames = output.makeAsyncIterator()
        await node.handleSocketMessage(
            socket, #"{"jsonrpc":"2.0","id":1,"method":"eth_subscribe","params":["logs",{}]}"#)
        await node.handleSocketMessage(
            socket, #"{"jsonrpc":"2.0","id":2,"method":"eth_subscribe","params":["newHeads"]}"#)
        _ = await frames.next()
        _ = await frames.next()
        let reorg = try await node.reorg(depth: 2)
        var removed: [JSONValue] = []
        var added: [JSONValue] = []
        var heads: [JSONValue] = []
        for _ in 0..<(2 * 4 + 3 * 4 + 1) {
            guard case .text(let text) = await frames.next() else { break }
            let result = try JSONValue.parse(Array(text.utf8))["params"]!["result"]!
            // geth's order: every log (removed, then new) before the new head.
            #expect(heads.isEmpty, "a log or head arrived after the head")
            if result["logIndex"] == nil {
                heads.append(result)
            } else if result["removed"] == .bool(true) {
                removed.append(result)
            } else {
                added.append(result)
            }
        }
        #expect(removed.count == 8)
        #expect(
            removed.map { $0["blockHash"] }
                == reorg.orphaned.flatMap { block in block.logs.map { _ in .string(block.hash.description) } })
        #expect(Set(removed.compactMap { $0["blockHash"] }) == Set(reorg.orphaned.map { .string($0.hash.description) }))
        #expect(added.count == reorg.adopted.reduce(0) { $0 + $1.logs.count })
        #expect(heads.count == 1)
        #expect(heads.first?["hash"] == .string(reorg.adopted.last!.hash.description))
    }
}
