import Testing

@testable import LibWebSockets

@Suite struct ClosePayloadTests {
    @Test func codeIsBigEndianAndReasonIsUTF8() {
        let payload: [UInt8] = [0x0F, 0xA1] + Array("bye ✓".utf8)
        #expect(ClosePayload(payload) == ClosePayload(code: 4001, reason: "bye ✓"))
    }

    @Test func codeWithoutReason() {
        #expect(ClosePayload([0x03, 0xE8]) == ClosePayload(code: 1000, reason: ""))
    }

    @Test func emptyPayloadMeansNoStatusReceived() {
        #expect(ClosePayload([UInt8]()) == ClosePayload(code: 1005, reason: ""))
    }
}
