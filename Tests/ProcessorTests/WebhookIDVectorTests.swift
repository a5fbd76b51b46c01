import ChainKit
import Foundation
import Pipeline
import Testing

/// `webhook-id`s pinned to values computed independently (Python `eth_utils.keccak` over the identity string of
/// `WebhookID`), so a faster implementation can never change an id a receiver deduplicates on.
@Suite struct WebhookIDVectorTests {
    static let endpoint = UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!
    static let block = try! Hash32(hex: "0x" + String(repeating: "ab", count: 32))

    @Test(
        arguments: [
            (WebhookEventType.log, nil, "msg_a0a90416b1fafb93541f06b9f17e9c7b"),
            (.log, "r1", "msg_9704e43fc4e308e7f0b2bd30a32f8b03"),
            (.logRemoved, nil, "msg_f06fc1909eaf35f53aa9e8292bdec8be"),
        ] as [(WebhookEventType, String?, String)])
    func matchesTheIndependentValue(type: WebhookEventType, replay: String?, expected: String) {
        let id = WebhookID.make(
            endpoint: Self.endpoint, chainID: 1, blockHash: Self.block, logIndex: 7, type: type, replayID: replay)
        #expect(id == expected)
    }
}
