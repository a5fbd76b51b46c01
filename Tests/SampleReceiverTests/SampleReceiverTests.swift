import Curl
import Delivery
import Foundation
import Logging
import SampleReceiver
import TestSupport
import Testing
import Threading

@Suite struct SampleReceiverTests {
    static let body = Array(
        """
        {"type":"evm.log","timestamp":"2026-11-22T10:00:00Z","data":{"chainId":1,"blockNumber":18000000,\
        "blockHash":"0x\(String(repeating: "ab", count: 32))","blockTimestamp":1696800000,\
        "transactionHash":"0x1234567890\(String(repeating: "0", count: 50))abcd","transactionIndex":12,"logIndex":45,\
        "address":"0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2","topics":[],"data":"0x","removed":false,\
        "decoded":{"name":"Transfer","signature":"Transfer(address,address,uint256)",\
        "args":{"from":"0x1111111111111111111111111111111111111111","to":"0x2222222222222222222222222222222222222222",\
        "value":"1000000"}}}}
        """.utf8)

    /// Sends `body` signed with `signer` and returns the status and the line the receiver printed.
    static func deliver(signer: WebhookSecret, to secret: WebhookSecret) async throws -> (Int, [String]) {
        let lines = Guarded<[String]>([])
        let receiver = try await SampleReceiver.start(secret: secret, logger: Logger(label: "test")) { line in
            lines.withLock { $0.append(line) }
        }
        let client = try HTTPClient(
            configuration: .init(addressGuard: AddressGuard(allowing: [.loopback])), logger: Logger(label: "test"))
        let timestamp = Int64(Date().timeIntervalSince1970)
        let signature = WebhookSignature.header(id: "msg_1", timestamp: timestamp, body: body, secrets: [signer])
        let response = try await client.send(
            HTTPRequest(
                method: .post, url: receiver.url,
                headers: [
                    HTTPHeader("webhook-id", "msg_1"), HTTPHeader("webhook-timestamp", String(timestamp)),
                    HTTPHeader("webhook-signature", signature), HTTPHeader("content-type", "application/json"),
                ],
                body: body))
        await client.shutdown()
        await receiver.stop()
        return (response.status, lines.withLock { $0 })
    }

    @Test func aValidDeliveryIsAcceptedAndPrintedAsOneLine() async throws {
        let secret = try WebhookSecret.generate()
        let (status, lines) = try await Self.deliver(signer: secret, to: secret)
        #expect(status == 204)
        #expect(
            lines == [
                "verified  block 18000000 tx 0x12345678…abcd log 45  Transfer(from=0x11111111…1111, to=0x22222222…2222, value=1000000)"
            ])
    }

    /// A sender still writing its request does not hold the receiver's stop, nor with it `evmhook dev`'s exit
    /// (graceful shutdown waited for its body forever).
    @Test func aStalledRequestDoesNotHoldTheStop() async throws {
        let receiver = try await SampleReceiver.start(secret: try .generate(), logger: Logger(label: "test")) { _ in }
        let stalled = try StalledHTTPRequest(port: try #require(URL(string: receiver.url)?.port), path: "/webhook")
        defer { stalled.close() }
        try await stalled.waitUntilReadByServer()
        try await Task { await receiver.stop() }.value(within: .seconds(30), waitingFor: "the receiver to stop")
    }

    @Test func aWrongSignatureIsRejectedWith401() async throws {
        let (status, lines) = try await Self.deliver(signer: try WebhookSecret.generate(), to: try .generate())
        #expect(status == 401)
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("REJECTED  msg_1: no v1 signature") == true)
    }
}
