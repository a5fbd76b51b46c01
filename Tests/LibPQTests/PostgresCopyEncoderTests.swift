import Foundation
import Testing

@testable import LibPQ

@Suite("PostgresCopyEncoder (pure)")
struct PostgresCopyEncoderTests {
    @Test func escapesTheTextFormat() throws {
        var encoder = PostgresCopyEncoder()
        try encoder.append(row: [.text("a\tb\nc\\d\re"), .null, .int(-3), .bool(false)])
        try encoder.append(row: [.bytea(Data([0x00, 0xab])), .jsonb(#"{"k": "v\n"}"#), .bigint(1 << 40), .bool(true)])
        let first = #"a\tb\nc\\d\re"# + "\t" + #"\N"# + "\t-3\tf\n"
        let second = #"\\x00ab"# + "\t" + #"{"k": "v\\n"}"# + "\t1099511627776\tt\n"
        let expected: String = first + second
        #expect(String(decoding: encoder.take(), as: UTF8.self) == expected)
        #expect(encoder.bytes.isEmpty)
    }

    @Test func refusesNulInText() {
        var encoder = PostgresCopyEncoder()
        #expect(throws: PostgresError.self) { try encoder.append(row: [.text("a\u{0}b")]) }
    }
}
