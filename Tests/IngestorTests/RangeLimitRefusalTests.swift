import ChainKit
import Foundation
import TestSupport
import Testing

@testable import Ingestor

/// Every recorded "range or result too large" answer is recognised, with its suggested range when it has one.
@Suite struct RangeLimitRefusalTests {
    struct Case: Sendable, CustomStringConvertible {
        let id: String
        let error: NodeError
        let suggested: ClosedRange<UInt64>?
        var description: String { id }
    }

    static let cases: [Case] = {
        let url = TestEnvironment.fixture("rpc/errors/getlogs-limits.json")
        guard let data = try? Data(contentsOf: url), let root = try? JSONValue.parse(Array(data)),
            let cases = root["cases"]?.arrayValue
        else { return [] }
        return cases.compactMap { item -> Case? in
            guard let id = item["id"]?.stringValue, let body = item["body_json"] else { return nil }
            let response = body.arrayValue?.first ?? body
            guard let errorJSON = response["error"], let rpc = try? RPCErrorObject(json: errorJSON) else { return nil }
            let status = item["http_status"]?.int64Value.map(Int.init)
            var suggested: ClosedRange<UInt64>?
            if let pair = item["hint"]?["suggested_range"]?.arrayValue, pair.count == 2,
                let low = number(pair[0]), let high = number(pair[1])
            {
                suggested = low...high
            }
            return Case(
                id: id, error: NodeError(.rpc, method: "eth_getLogs", detail: "", rpcError: rpc, httpStatus: status),
                suggested: suggested)
        }
    }()

    private static func number(_ value: JSONValue) -> UInt64? {
        if let text = value.stringValue { return text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : nil }
        return value.int64Value.map(UInt64.init)
    }

    @Test func theFixtureHasEveryCase() {
        #expect(Self.cases.count == 13)
    }

    @Test(arguments: cases)
    func recognisesTheRefusal(_ example: Case) throws {
        let refusal = try #require(RangeLimitRefusal(example.error))
        #expect(refusal.suggested == example.suggested)
    }

    @Test func otherErrorsAreNotRefusals() {
        let others = [
            RPCErrorObject(code: -32000, message: "header not found"),
            RPCErrorObject(code: -32005, message: "project ID request rate exceeded"),
            RPCErrorObject(code: -32602, message: "invalid argument 0: hex string without 0x prefix"),
            RPCErrorObject(code: -32602, message: "block range extends beyond current head block"),
        ]
        for error in others {
            #expect(RangeLimitRefusal(NodeError(.rpc, method: "eth_getLogs", detail: "", rpcError: error)) == nil)
        }
    }

    @Test func responseIDIsFoundWithoutParsing() {
        #expect(ResponseID.scan(Array(#"{"jsonrpc":"2.0","id":42,"result":[{"id":7}]}"#.utf8)) == 42)
        #expect(ResponseID.scan(Array(#"{"jsonrpc":"2.0","result":{"id":7,"x":"\"id\":9"},"id":5}"#.utf8)) == 5)
        #expect(ResponseID.scan(Array(#"{"jsonrpc":"2.0","id":3,"result":[}"#.utf8)) == 3)
        #expect(ResponseID.scan(Array(#"{"jsonrpc":"2.0","method":"eth_subscription","params":{}}"#.utf8)) == nil)
        #expect(ResponseID.scan(Array("invalid host specified\n".utf8)) == nil)
    }
}
