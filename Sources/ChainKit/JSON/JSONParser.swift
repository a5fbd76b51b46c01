/// A strict RFC 8259 recursive-descent parser over UTF-8 bytes.
struct JSONParser {
    static let defaultMaximumDepth = 512

    private let input: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    private(set) var position = 0
    private var depth = 0

    init(_ input: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.input = input
        self.maximumDepth = maximumDepth
    }

    /// Parses exactly one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue()
        try expectEnd()
        return value
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard position < input.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        switch input[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        default:
            throw JSONParseError(.unexpectedByte, at: position)
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < input.count {
            switch input[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// The next byte after optional whitespace, without consuming it; nil at the end.
    @inline(__always)
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return position < input.count ? input[position] : nil
    }

    /// Throws unless only whitespace is left.
    mutating func expectEnd() throws(JSONParseError) {
        skipWhitespace()
        guard position == input.count else { throw JSONParseError(.trailingContent, at: position) }
    }

    /// Consumes `byte` after optional whitespace, or throws.
    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        skipWhitespace()
        guard position < input.count else { throw JSONParseError(.unexpectedEnd, at: position) }
        guard input[position] == byte else { throw JSONParseError(.unexpectedByte, at: position) }
        position += 1
    }

    /// Consumes `byte` after optional whitespace when it is next.
    @inline(__always)
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < input.count, input[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let bytes = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        for byte in bytes {
            guard position < input.count else { throw JSONParseError(.unexpectedEnd, at: position) }
            guard input[position] == byte else { throw JSONParseError(.unexpectedByte, at: position) }
            position += 1
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        guard depth <= maximumDepth else { throw JSONParseError(.tooDeep, at: position) }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        var members: [JSONMember] = []
        if !consume(UInt8(ascii: "}")) {
            repeat {
                skipWhitespace()
                guard position < input.count else { throw JSONParseError(.unexpectedEnd, at: position) }
                guard input[position] == UInt8(ascii: "\"") else { throw JSONParseError(.unexpectedByte, at: position) }
                let key = try parseString()
                try expect(UInt8(ascii: ":"))
                members.append(JSONMember(key, try parseValue()))
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "}"))
        }
        depth -= 1
        return .object(members)
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        var elements: [JSONValue] = []
        if !consume(UInt8(ascii: "]")) {
            repeat {
                elements.append(try parseValue())
            } while consume(UInt8(ascii: ","))
            try expect(UInt8(ascii: "]"))
        }
        depth -= 1
        return .array(elements)
    }

    /// Scans a number per RFC 8259 §6 and returns its literal text.
    mutating func parseNumber() throws(JSONParseError) -> String {
        let start = position
        if input[position] == UInt8(ascii: "-") { position += 1 }
        guard position < input.count else { throw JSONParseError(.invalidNumber, at: position) }
        if input[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            guard try scanDigits() > 0 else { throw JSONParseError(.invalidNumber, at: position) }
        }
        if position < input.count && input[position] == UInt8(ascii: ".") {
            position += 1
            guard try scanDigits() > 0 else { throw JSONParseError(.invalidNumber, at: position) }
        }
        if position < input.count && input[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < input.count && (input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-"))
            {
                position += 1
            }
            guard try scanDigits() > 0 else { throw JSONParseError(.invalidNumber, at: position) }
        }
        return String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
    }

    private mutating func scanDigits() throws(JSONParseError) -> Int {
        let start = position
        while position < input.count, input[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        return position - start
    }

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONParseError) -> String {
        let range = try scanString()
        return try string(in: range)
    }

    /// Consumes a string and returns the range of its raw content (between the quotes, escapes undecoded), and
    /// whether it needs decoding (escapes) or validating (non-ASCII bytes).
    mutating func scanString() throws(JSONParseError) -> RawString {
        position += 1
        let start = position
        var plainASCII = true
        while position < input.count {
            // Eight bytes at a time while none is a quote, a backslash, a control character or non-ASCII.
            if position + 8 <= input.count, Self.isPlain(UnsafeRawPointer(input.baseAddress! + position)) {
                position += 8
                continue
            }
            let byte = input[position]
            if byte == UInt8(ascii: "\"") {
                let raw = RawString(start: start, end: position, plainASCII: plainASCII)
                position += 1
                return raw
            }
            if byte < 0x20 { throw JSONParseError(.controlCharacterInString, at: position) }
            if byte == UInt8(ascii: "\\") {
                plainASCII = false
                position += 2
                continue
            }
            if byte >= 0x80 { plainASCII = false }
            position += 1
        }
        throw JSONParseError(.invalidString, at: start - 1)
    }

    /// Whether none of the eight bytes at `pointer` ends a plain run of string content.
    @inline(__always)
    private static func isPlain(_ pointer: UnsafeRawPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let x = pointer.loadUnaligned(as: UInt64.self)
        // The classic "has a zero byte" test, applied to x with each special byte XORed away; below 0x20 is
        // "x - 0x20 borrows"; any of them, or a byte ≥ 0x80 in x itself, sets a high bit.
        let quote = x ^ (0x22 &* ones)
        let backslash = x ^ (0x5C &* ones)
        let special =
            ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((x &- 0x20 &* ones) & ~x) | x
        return special & high == 0
    }

    /// The raw content of a string, as `scanString` found it.
    struct RawString {
        var start: Int
        var end: Int
        var plainASCII: Bool
    }

    /// The raw bytes of a scanned string (escapes undecoded).
    func bytes(of raw: RawString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: input[raw.start..<raw.end])
    }

    /// Decodes escapes and checks UTF-8 in a scanned string.
    func string(in raw: RawString) throws(JSONParseError) -> String {
        let content = bytes(of: raw)
        if raw.plainASCII { return String(decoding: content, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(content.count)
        var index = 0
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                decoded.append(byte)
                index += 1
                continue
            }
            let offset = raw.start + index
            guard index + 1 < content.count else { throw JSONParseError(.invalidEscape, at: offset) }
            index += 2
            switch content[index - 1] {
            case UInt8(ascii: "\""): decoded.append(0x22)
            case UInt8(ascii: "\\"): decoded.append(0x5C)
            case UInt8(ascii: "/"): decoded.append(0x2F)
            case UInt8(ascii: "b"): decoded.append(0x08)
            case UInt8(ascii: "f"): decoded.append(0x0C)
            case UInt8(ascii: "n"): decoded.append(0x0A)
            case UInt8(ascii: "r"): decoded.append(0x0D)
            case UInt8(ascii: "t"): decoded.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = try unicodeEscape(content, &index, offset: offset)
                UTF8.encode(scalar) { decoded.append($0) }
            default:
                throw JSONParseError(.invalidEscape, at: offset)
            }
        }
        guard let text = String(validating: decoded, as: UTF8.self) else {
            throw JSONParseError(.invalidUTF8, at: raw.start)
        }
        return text
    }

    /// Reads the four hex digits after `\u` (and a following low surrogate's escape when the first is high).
    private func unicodeEscape(_ content: UnsafeBufferPointer<UInt8>, _ index: inout Int, offset: Int)
        throws(JSONParseError) -> Unicode.Scalar
    {
        let first = try hex4(content, &index, offset: offset)
        switch first {
        case 0xD800..<0xDC00:
            guard index + 1 < content.count, content[index] == UInt8(ascii: "\\"),
                content[index + 1] == UInt8(ascii: "u")
            else { throw JSONParseError(.loneSurrogate, at: offset) }
            index += 2
            let second = try hex4(content, &index, offset: offset)
            guard (0xDC00..<0xE000).contains(second) else { throw JSONParseError(.loneSurrogate, at: offset) }
            return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))!
        case 0xDC00..<0xE000:
            throw JSONParseError(.loneSurrogate, at: offset)
        default:
            return Unicode.Scalar(first)!
        }
    }

    private func hex4(_ content: UnsafeBufferPointer<UInt8>, _ index: inout Int, offset: Int)
        throws(JSONParseError) -> UInt32
    {
        guard index + 4 <= content.count else { throw JSONParseError(.invalidEscape, at: offset) }
        var value: UInt32 = 0
        for position in index..<(index + 4) {
            let digit = HexCore.nibble(content[position])
            guard digit != 0xFF else { throw JSONParseError(.invalidEscape, at: offset) }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
