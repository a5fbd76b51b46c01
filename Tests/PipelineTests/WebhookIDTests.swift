import ChainKit
import Foundation
import Pipeline
import Testing

@Suite struct WebhookIDTests {
    static let endpoint = UUID()
    static let block = try! Hash32(hex: "0x" + String(repeating: "ab", count: 32))

    static func id(
        endpoint: UUID = endpoint, chain: UInt64 = 1, block: Hash32 = block, logIndex: UInt64 = 7,
        type: WebhookEventType = .log, replay: String? = nil
    ) -> String {
        WebhookID.make(
            endpoint: endpoint, chainID: chain, blockHash: block, logIndex: logIndex, type: type, replayID: replay)
    }

    @Test func isStableAndShapedLikeAStandardWebhooksID() {
        let id = Self.id()
        #expect(id == Self.id())
        #expect(id.hasPrefix("msg_"))
        #expect(id.count == 36)
        #expect(id.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    @Test func everyPartOfTheIdentityChangesIt() {
        let variants = [
            Self.id(), Self.id(endpoint: UUID()), Self.id(chain: 10), Self.id(block: Hash32.zero),
            Self.id(logIndex: 8), Self.id(type: .logRemoved), Self.id(replay: "r1"), Self.id(replay: "r2"),
        ]
        #expect(Set(variants).count == variants.count)
    }
}
