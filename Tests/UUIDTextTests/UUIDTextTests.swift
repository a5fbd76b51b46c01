import Foundation
import Testing
import UUIDText

@Suite struct UUIDTextTests {
    // Foundation's own formatter and parser are the reference: the byte forms must agree with them exactly.
    @Test func writesWhatFoundationWritesInLowercase() {
        for _ in 0..<1_000 {
            let id = UUID()
            var bytes: [UInt8] = []
            id.appendLowercase(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == id.uuidString.lowercased())
            #expect(id.lowercased == id.uuidString.lowercased())
        }
    }

    @Test func readsBothCasesAsFoundationDoes() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(UUID(text: Array(id.uuidString.utf8)[...]) == id)
            #expect(UUID(text: Array(id.uuidString.lowercased().utf8)[...]) == id)
        }
    }

    @Test(arguments: [
        "", "not-a-uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c81",
        "6ba7b8109dad-11d1-80b4-00c04fd430c8-", "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
        "6ba7b810 9dad 11d1 80b4 00c04fd430c8",
        "{ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c😀",
    ])
    func refusesWhatFoundationRefuses(text: String) {
        #expect(UUID(uuidString: text) == nil)
        #expect(UUID(text: Array(text.utf8)[...]) == nil)
    }
}
