import Foundation
import Testing

@testable import ChainKit

/// The WebSocket frames geth writes for subscriptions: every frame decodes and re-encodes to the same text.
@Suite struct RPCWebSocketFixtureTests {
    struct Frame: Sendable {
        let file: String
        let sent: Bool
        let text: String
    }

    static func frames(_ file: String) throws -> [Frame] {
        let fixture = try FixtureLoading.object("rpc/ws/\(file)")
        let frames = try #require(fixture["frames"] as? [[String: Any]])
        return try frames.map {
            Frame(
                file: file,
                sent: try #require($0["dir"] as? String) == "send",
                text: try #require($0["text"] as? String)
            )
        }
    }

    static func allFiles() throws -> [String] {
        try FixtureLoading.files(in: "rpc/ws", withExtension: "json").map { String($0.dropFirst("rpc/ws/".count)) }
    }

    @Test(arguments: try allFiles())
    func everyFrameRoundTripsExactly(file: String) throws {
        let frames = try Self.frames(file)
        #expect(!frames.isEmpty)
        for frame in frames {
            if frame.sent {
                let request = try RPCRequest(json: JSONValue.parse(frame.text))
                #expect(request.serialized() == frame.text)
            } else {
                let message = try RPCIncomingMessage.decode(Array(frame.text.utf8))
                #expect(message.json.serialized() == frame.text)
                guard case .notification(let notification) = message else { continue }
                // The typed payload re-encodes to what geth wrote, nulls included.
                if notification.result["topics"] != nil {
                    #expect(try notification.log().json == notification.result)
                } else {
                    #expect(try notification.header().json == notification.result)
                }
            }
        }
    }

    @Test func londonHeadWritesNullForLaterForks() throws {
        let frame = try #require(try Self.frames("notification-newHeads-london.json").first)
        guard case .notification(let notification) = try RPCIncomingMessage.decode(Array(frame.text.utf8)) else {
            Issue.record("not a notification")
            return
        }
        #expect(notification.subscription == "0x9c43ee32f053ade158a2c390e71047db")
        let header = try notification.header()
        #expect(header.number == 0x1b)
        #expect(header.difficulty == UInt256(0x202c0))
        #expect(header.baseFeePerGas == UInt256(0x3b9a_ca00))
        #expect(header.withdrawalsRoot == nil)
        #expect(header.json["withdrawalsRoot"] == .null)
        #expect(header.json["slotNumber"] == .null)
        #expect(header.hash.description == "0xb82be38216daf4487ab4fcafe9413892e7140f6816276560ec10d94d039db1aa")
    }

    @Test func headerAcceptsOmittedForkFields() throws {
        let frame = try #require(try Self.frames("notification-newHeads-london.json").first)
        let message = try JSONValue.parse(frame.text)
        guard case .object(let members) = message["params"]?["result"] else {
            Issue.record("no result")
            return
        }
        // Clients other than geth leave fields out instead of writing null.
        let omitted = JSONValue.object(members.filter { $0.value != .null })
        let header = try BlockHeader(json: omitted)
        #expect(header.json == message["params"]?["result"])
    }

    @Test func sessionHeadsLinkByParentHash() throws {
        var headers: [BlockHeader] = []
        for frame in try Self.frames("session-newHeads.json") where !frame.sent {
            if case .notification(let notification) = try RPCIncomingMessage.decode(Array(frame.text.utf8)) {
                headers.append(try notification.header())
            }
        }
        #expect(headers.map(\.number) == [0x34, 0x35, 0x36])
        for (parent, child) in zip(headers, headers.dropFirst()) {
            #expect(child.parentHash == parent.hash)
        }
    }

    @Test func removedLogIsFlagged() throws {
        let live = try #require(try Self.frames("notification-logs.json").first)
        let removed = try #require(try Self.frames("notification-logs-removed.json").first)
        func log(_ frame: Frame) throws -> Log? {
            guard case .notification(let notification) = try RPCIncomingMessage.decode(Array(frame.text.utf8)) else {
                return nil
            }
            return try notification.log()
        }
        let liveLog = try #require(try log(live))
        let removedLog = try #require(try log(removed))
        #expect(!liveLog.removed)
        #expect(removedLog.removed)
        var unremoved = removedLog
        unremoved.removed = false
        #expect(unremoved == liveLog)
    }

    @Test func subscriptionErrorsDecode() throws {
        let frames = try Self.frames("subscribe-unknown-kind.json").filter { !$0.sent }
        let frame = try #require(frames.first)
        guard case .response(let response) = try RPCIncomingMessage.decode(Array(frame.text.utf8)),
            case .error(let error) = response.outcome
        else {
            Issue.record("expected an error response")
            return
        }
        #expect(response.id == 4)
        #expect(error.code == -32601)
        #expect(error.message == "no \"newBlocks\" subscription in eth namespace")
    }
}
