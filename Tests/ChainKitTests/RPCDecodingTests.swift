import Foundation
import Testing

@testable import ChainKit

/// Hostile and broken messages: an error that names the field, never a crash, and the fast path agrees.
@Suite struct RPCDecodingTests {
    static let logText =
        #"{"address":"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df","topics":["0x00000000000000000000000000000000000000000000000000000000656d6974"],"data":"0x01","blockNumber":"0x4","transactionHash":"0xd48ebacfb769b85602310e2e0cf322e19f8cce25ac69cfd52f2d8622e3bbc3c9","transactionIndex":"0x1","blockHash":"0x98f797a6af91ea770ab3a99d89c17a3a46d14c76db6bb711b18156a3493d2c94","blockTimestamp":"0x28","logIndex":"0x0","removed":false}"#

    static func response(_ result: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":1,"result":\#(result)}"#.utf8)
    }

    /// Decodes with both paths; they must agree; returns the error.
    static func failure(_ bytes: [UInt8]) -> RPCDecodingError? {
        var treeError: RPCDecodingError?
        var treeLogs: [Log]?
        do {
            guard case .response(let response) = try RPCIncomingMessage.decode(bytes) else { return nil }
            if case .result(let value) = response.outcome { treeLogs = try Log.list(json: value) }
        } catch {
            treeError = error
        }
        do {
            let fast = try Log.decodeGetLogsResponse(bytes)
            if case .success(let logs) = fast.result { #expect(logs == treeLogs) }
            #expect(treeError == nil, "the tree decoder refused what the fast path accepted: \(treeError!)")
        } catch {
            #expect(treeError != nil, "the fast path refused what the tree decoder accepted: \(error)")
        }
        return treeError
    }

    @Test func errorsNameTheField() throws {
        let badAddress = Self.logText.replacingOccurrences(
            of: "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df", with: "0x7dcd")
        let error = try #require(Self.failure(Self.response("[\(Self.logText),\(badAddress)]")))
        #expect(error.code == .invalidHex)
        #expect(error.field == "result[1].address")
        #expect(error.underlying as? HexError == .wrongLength(expectedBytes: 20, actualBytes: 2))
        #expect(error.description == "invalid hex at result[1].address: expected 20 bytes of hex, found 2")

        let missing = Self.logText.replacingOccurrences(of: #""logIndex":"0x0","#, with: "")
        #expect(Self.failure(Self.response("[\(missing)]"))?.code == .missingField)
        #expect(Self.failure(Self.response("[\(missing)]"))?.field == "result[0].logIndex")

        let number = Self.logText.replacingOccurrences(of: #""blockNumber":"0x4""#, with: #""blockNumber":4"#)
        #expect(Self.failure(Self.response("[\(number)]"))?.code == .wrongType)
        #expect(Self.failure(Self.response("[\(number)]"))?.field == "result[0].blockNumber")

        let badTopic = Self.logText.replacingOccurrences(of: "656d6974", with: "656d697")
        #expect(Self.failure(Self.response("[\(badTopic)]"))?.field == "result[0].topics[0]")

        #expect(Self.failure(Self.response("{}"))?.code == .wrongType)
        #expect(Self.failure(Self.response("[1]"))?.code == .wrongType)
        #expect(Self.failure(Self.response("[]")) == nil)
    }

    @Test func envelopeRules() {
        let log = Self.logText
        #expect(Self.failure(Array(#"{"jsonrpc":"1.0","id":1,"result":[]}"#.utf8))?.code == .invalidValue)
        #expect(Self.failure(Array(#"{"id":1,"result":[]}"#.utf8))?.code == .missingField)
        #expect(Self.failure(Array(#"{"jsonrpc":"2.0","result":[]}"#.utf8))?.code == .missingField)
        #expect(Self.failure(Array(#"{"jsonrpc":"2.0","id":1}"#.utf8))?.code == .missingField)
        #expect(Self.failure(Array(#"{"jsonrpc":"2.0","id":1.5,"result":[]}"#.utf8))?.code == .invalidValue)
        #expect(Self.failure(Array(#"{"jsonrpc":"2.0","id":true,"result":[]}"#.utf8))?.code == .wrongType)
        let both = #"{"jsonrpc":"2.0","id":1,"result":[\#(log)],"error":{"code":1,"message":"x"}}"#
        #expect(Self.failure(Array(both.utf8))?.code == .invalidValue)
        let nullError = #"{"jsonrpc":"2.0","id":1,"result":[\#(log)],"error":null}"#
        #expect(Self.failure(Array(nullError.utf8)) == nil)
        #expect(Self.failure(Array(#"{"jsonrpc":"2.0","id":1,"result":[]} x"#.utf8))?.code == .invalidJSON)
        #expect(
            Self.failure(Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#.utf8))
                == nil)
    }

    @Test func escapedMemberNamesAndValuesDecodeTheSame() throws {
        // Legal JSON that no node writes: escapes in names and hex. Both paths must read it alike.
        let escaped = Self.logText
            .replacingOccurrences(of: #""address""#, with: #""\u0061ddress""#)
            .replacingOccurrences(of: #""0x4""#, with: #""0x\u0034""#)
        #expect(Self.failure(Self.response("[\(escaped)]")) == nil)
        let logs = try Log.decodeGetLogsResponse(Self.response("[\(escaped)]")).result.get()
        #expect(logs.first?.blockNumber == 4)
        #expect(logs.first?.address.description == "0x7dcd17433742f4c0ca53122ab541d0ba67fc27df")
    }

    @Test func unknownMembersAreSkipped() throws {
        let extra = Self.logText.replacingOccurrences(
            of: #""removed":false"#, with: #""removed":false,"x":{"y":[1,"z"]}"#)
        #expect(Self.failure(Self.response("[\(extra)]")) == nil)
    }

    @Test func randomMutationsNeverCrashAndBothPathsAgree() {
        var random = SeededGenerator(seed: 21)
        let original = Self.response("[\(Self.logText),\(Self.logText)]")
        let replacements = Array(#"{}[],:"\0x9afAFgn-"#.utf8) + [0x00, 0x80, 0xFF]
        var refused = 0
        for _ in 0..<3_000 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = replacements.randomElement(using: &random)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(replacements.randomElement(using: &random)!, at: position)
                }
            }
            if Self.failure(bytes) != nil { refused += 1 }
        }
        #expect(refused > 0)
    }

    @Test func randomBytesNeverCrashTheDecoders() {
        var random = SeededGenerator(seed: 22)
        for _ in 0..<5_000 {
            let bytes = random.bytes(Int.random(in: 0..<64, using: &random))
            _ = try? RPCIncomingMessage.decode(bytes)
            _ = try? Log.decodeGetLogsResponse(bytes)
            _ = try? RPCRequest(json: .string(String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test func requestsAndNotificationsBuildTheExpectedText() throws {
        let request = RPCRequest(id: 7, method: "eth_subscribe", params: ["newHeads"])
        #expect(request.serialized() == #"{"jsonrpc":"2.0","id":7,"method":"eth_subscribe","params":["newHeads"]}"#)
        let batch = RPCRequest.serializedBatch([
            RPCRequest(id: 1, method: "eth_chainId"), RPCRequest(id: "b", method: "eth_blockNumber", params: []),
        ])
        #expect(
            batch
                == #"[{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},{"jsonrpc":"2.0","id":"b","method":"eth_blockNumber","params":[]}]"#
        )
        let notification = RPCRequest(id: nil, method: "eth_foo")
        #expect(try RPCRequest(json: JSONValue.parse(notification.serialized())) == notification)
        #expect(throws: RPCDecodingError.self) { try RPCIncomingMessage.decode(Array("[]".utf8)) }
        let unexpected = #"{"jsonrpc":"2.0","method":"eth_other","params":{}}"#
        #expect(throws: RPCDecodingError.self) { try RPCIncomingMessage.decode(Array(unexpected.utf8)) }
    }
}
