import Foundation
import Testing

@testable import ChainKit

@Suite struct JSONValueTests {
    static func code(_ text: String, maximumDepth: Int = 512) -> JSONParseError.Code? {
        do {
            _ = try JSONValue.parse(Array(text.utf8), maximumDepth: maximumDepth)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func keepsNumberTextAndMemberOrder() throws {
        let text =
            #"{"b":115792089237316195423570985008687907853269984665640564039457584007913129639935,"a":-0.5e-3,"c":[1,true,null]}"#
        let value = try JSONValue.parse(text)
        #expect(value["b"] == .number("115792089237316195423570985008687907853269984665640564039457584007913129639935"))
        #expect(value["a"] == .number("-0.5e-3"))
        #expect(value.objectValue?.map(\.key) == ["b", "a", "c"])
        #expect(value.serialized() == text)
        #expect(value["c"]?[1] == .bool(true))
        #expect(value["c"]?[3] == nil)
        #expect(value["missing"] == nil)
    }

    @Test func repeatedKeysKeepAllAndReadTheLast() throws {
        let value = try JSONValue.parse(#"{"k":1,"k":2}"#)
        #expect(value.objectValue?.count == 2)
        #expect(value["k"] == .number("2"))
    }

    @Test func decodesEscapesAndUTF8() throws {
        let value = try JSONValue.parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\ud83d\ude00", "é€😀", "\u0000"]"#)
        #expect(value[0] == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(value[1] == .string("é€"))
        #expect(value[2] == .string("😀"))
        #expect(value[3] == .string("é€😀"))
        #expect(value[4] == .string("\u{0}"))
    }

    @Test func serializesWithMinimalEscapes() throws {
        let value: JSONValue = ["k\"": "a\"b\\c/\n\u{1}é😀", "n": nil, "t": true, "x": [1, "2"]]
        #expect(value.serialized() == #"{"k\"":"a\"b\\c/\n\u0001é😀","n":null,"t":true,"x":[1,"2"]}"#)
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func refusesWhatRFC8259Refuses() {
        #expect(Self.code("") == .unexpectedEnd)
        #expect(Self.code("  ") == .unexpectedEnd)
        #expect(Self.code("[1,]") == .unexpectedByte)
        #expect(Self.code(#"{"a":1,}"#) == .unexpectedByte)
        #expect(Self.code("[1 2]") == .unexpectedByte)
        #expect(Self.code("01") == .trailingContent)
        #expect(Self.code("[01]") == .unexpectedByte)
        #expect(Self.code("1.") == .invalidNumber)
        #expect(Self.code(".5") == .unexpectedByte)
        #expect(Self.code("+1") == .unexpectedByte)
        #expect(Self.code("-") == .invalidNumber)
        #expect(Self.code("1e") == .invalidNumber)
        #expect(Self.code("NaN") == .unexpectedByte)
        #expect(Self.code("tru") == .unexpectedEnd)
        #expect(Self.code("nul1") == .unexpectedByte)
        #expect(Self.code(#"{a:1}"#) == .unexpectedByte)
        #expect(Self.code(#"{'a':1}"#) == .unexpectedByte)
        #expect(Self.code(#""abc"#) == .invalidString)
        #expect(Self.code("\"a\u{9}b\"") == .controlCharacterInString)
        #expect(Self.code(#""\x""#) == .invalidEscape)
        #expect(Self.code(#""\u12""#) == .invalidEscape)
        #expect(Self.code(#""\ud83d""#) == .loneSurrogate)
        #expect(Self.code(#""\ude00x""#) == .loneSurrogate)
        #expect(Self.code("1 2") == .trailingContent)
        #expect(Self.code("\u{FEFF}1") == .unexpectedByte)
        #expect(Self.code("[[[1]]]", maximumDepth: 2) == .tooDeep)
        #expect(Self.code("[[1]]", maximumDepth: 2) == nil)
    }

    @Test func refusesInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
        }
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.code(deep) == .tooDeep)
    }

    @Test func errorSaysWhere() {
        do {
            _ = try JSONValue.parse(#"{"a":[1,]}"#)
            Issue.record("parsed")
        } catch {
            #expect(error.offset == 8)
            #expect(error.description == "invalid JSON: unexpected character at byte 8")
        }
    }

    /// A random JSON value of bounded depth.
    static func randomValue(_ random: inout SeededGenerator, depth: Int = 0) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &random)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2:
            let numbers = ["0", "-1", "3.25", "1e40", "-0.0E+5", String(random.next())]
            return .number(numbers.randomElement(using: &random)!)
        case 3:
            let scalars = (0..<Int.random(in: 0..<12, using: &random)).map { _ -> Character in
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0x10000...0x10FFFF]
                let range = ranges.randomElement(using: &random)!
                return Character(Unicode.Scalar(UInt32.random(in: range, using: &random))!)
            }
            return .string(String(scalars))
        case 4:
            return .array(
                (0..<Int.random(in: 0..<4, using: &random)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            return .object(
                (0..<Int.random(in: 0..<4, using: &random)).map { index in
                    JSONMember("k\(index)", randomValue(&random, depth: depth + 1))
                }
            )
        }
    }

    @Test func randomValuesRoundTripAndFoundationAgrees() throws {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<500 {
            let value = Self.randomValue(&random)
            let text = value.serialized()
            #expect(try JSONValue.parse(text) == value)
            // An independent parser reads our output too.
            #expect(throws: Never.self) {
                try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
            }
        }
    }

    @Test func randomBytesNeverCrashTheParser() {
        var random = SeededGenerator(seed: 12)
        let alphabet = Array(#"{}[],:"\ 0123456789-+.eEtruefalsn"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xA9, 0xFF]
        var parsed = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0..<24, using: &random)).map { _ in alphabet.randomElement(using: &random)!
            }
            if (try? JSONValue.parse(bytes)) != nil { parsed += 1 }
        }
        #expect(parsed > 0)
    }
}
