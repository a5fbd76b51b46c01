/// Recursive-descent parser for the human-readable forms: types (`(uint256,address)[]`) and event signatures
/// (`event Transfer(address indexed from, address indexed to, uint256 value) anonymous`).
///
/// Accepts optional parameter names, `indexed`, the `uint`/`int` aliases, an optional `tuple` keyword before a
/// parenthesised tuple (as ethers writes it), spaces around punctuation, a leading `event` and a trailing `;`.
struct ABISignatureParser {
    private let text: [UInt8]
    private var index = 0

    init(_ text: some StringProtocol) {
        self.text = Array(text.utf8)
    }

    /// Parses the whole text as one type without names.
    mutating func parseWholeType() throws(ABIParseError) -> ABIType {
        skipSpaces()
        let parameter = try parseParameter(context: .bareType, depth: 0)
        try expectEnd(.invalidType)
        return parameter.type
    }

    /// Parses the whole text as array dimensions (`[]`, `[2][]`, or nothing) applied to `base`: the part of a
    /// JSON ABI `type` after `tuple`.
    mutating func parseWholeArraySuffixes(on base: ABIType) throws(ABIParseError) -> ABIType {
        let type = try parseArraySuffixes(base)
        try expectEnd(.invalidType)
        if let failure = type.validationFailure { throw ABIParseError(.invalidType, failure) }
        return type
    }

    /// Parses the whole text as an event signature.
    mutating func parseWholeEvent() throws(ABIParseError) -> (name: String, inputs: [ABIParameter], anonymous: Bool) {
        skipSpaces()
        var name = try requireIdentifier(.invalidSignature, what: "an event name")
        if name == "event" {
            skipSpaces()
            name = try requireIdentifier(.invalidSignature, what: "an event name after `event`")
        }
        skipSpaces()
        try expect(UInt8(ascii: "("), .invalidSignature)
        let inputs = try parseList(context: .eventInput, depth: 0, code: .invalidSignature)
        skipSpaces()
        var anonymous = false
        if let word = peekIdentifier(), word == "anonymous" {
            index += word.utf8.count
            anonymous = true
            skipSpaces()
        }
        if index < text.count, text[index] == UInt8(ascii: ";") {
            index += 1
            skipSpaces()
        }
        try expectEnd(.invalidSignature)
        return (name, inputs, anonymous)
    }

    /// Where a parameter appears, which decides what may follow its type.
    private enum Context {
        case bareType, eventInput, component
    }

    /// Parses `(` already consumed … `)`: a comma-separated list, possibly empty.
    private mutating func parseList(
        context: Context,
        depth: Int,
        code: ABIParseError.Code
    ) throws(ABIParseError) -> [ABIParameter] {
        var items: [ABIParameter] = []
        skipSpaces()
        if index < text.count, text[index] == UInt8(ascii: ")") {
            index += 1
            return items
        }
        while true {
            skipSpaces()
            items.append(try parseParameter(context: context, depth: depth))
            skipSpaces()
            guard index < text.count else { throw error(code, "missing `)`") }
            switch text[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: ")"):
                index += 1
                return items
            default: throw error(code, "expected `,` or `)`")
            }
        }
    }

    /// A type, then (outside bare types) an optional `indexed` and an optional name.
    private mutating func parseParameter(context: Context, depth: Int) throws(ABIParseError) -> ABIParameter {
        guard depth <= ABIType.maximumDepth else {
            throw error(.invalidType, "nesting deeper than \(ABIType.maximumDepth) levels")
        }
        let start = index
        var (type, components) = try parseBaseType(depth: depth)
        type = try parseArraySuffixes(type)
        if let failure = type.validationFailure {
            throw ABIParseError(.invalidType, failure, position: start)
        }
        var indexed = false
        var name = ""
        if context != .bareType {
            skipSpaces()
            if let word = peekIdentifier(), word == "indexed" {
                guard context == .eventInput else { throw error(.invalidSignature, "`indexed` inside a tuple") }
                index += word.utf8.count
                indexed = true
                skipSpaces()
            }
            if let word = peekIdentifier() {
                index += word.utf8.count
                name = word
            }
        }
        return ABIParameter(name: name, type: type, indexed: indexed, components: components)
    }

    private mutating func parseBaseType(depth: Int) throws(ABIParseError) -> (ABIType, [ABIParameter]) {
        var word = peekIdentifier()
        if word == "tuple" {
            index += 5
            skipSpaces()
            word = nil
        }
        guard let word else {
            try expect(UInt8(ascii: "("), .invalidType)
            let members = try parseList(context: .component, depth: depth + 1, code: .invalidType)
            return (.tuple(members.map(\.type)), members)
        }
        let start = index
        index += word.utf8.count
        guard let type = Self.elementaryType(word) else {
            throw ABIParseError(.invalidType, "unknown type `\(word)`", position: start)
        }
        return (type, [])
    }

    /// Zero or more `[]` / `[k]`, each wrapping the type so far (`T[2][]` is a dynamic array of `T[2]`).
    private mutating func parseArraySuffixes(_ base: ABIType) throws(ABIParseError) -> ABIType {
        var type = base
        while true {
            skipSpaces()
            guard index < text.count, text[index] == UInt8(ascii: "[") else { return type }
            index += 1
            let digits = takeWhile { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            try expect(UInt8(ascii: "]"), .invalidType)
            if digits.isEmpty {
                type = .array(type)
            } else {
                guard let count = Self.canonicalNumber(digits) else {
                    throw error(.invalidType, "array length `\(String(decoding: digits, as: UTF8.self))`")
                }
                type = .fixedArray(type, count)
            }
        }
    }

    /// The elementary type a word names, with `uint`/`int` standing for their 256-bit forms.
    static func elementaryType(_ word: String) -> ABIType? {
        switch word {
        case "address": return .address
        case "bool": return .bool
        case "bytes": return .bytes
        case "string": return .string
        case "uint": return .uint256
        case "int": return .int256
        default: break
        }
        for (prefix, make) in [("uint", ABIType.uint), ("int", ABIType.int), ("bytes", ABIType.fixedBytes)]
        where word.hasPrefix(prefix) {
            guard let number = canonicalNumber(Array(word.utf8.dropFirst(prefix.utf8.count))) else { return nil }
            return make(number)
        }
        return nil
    }

    /// A decimal number written canonically (digits only, no leading zero, fits easily in an Int).
    private static func canonicalNumber(_ digits: [UInt8]) -> Int? {
        guard !digits.isEmpty, digits.count <= 9, digits == [UInt8(ascii: "0")] || digits.first != UInt8(ascii: "0")
        else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    // MARK: Lexing

    private func peekIdentifier() -> String? {
        var end = index
        while end < text.count, Self.isIdentifierByte(text[end], first: end == index) { end += 1 }
        return end == index ? nil : String(decoding: text[index..<end], as: UTF8.self)
    }

    private mutating func requireIdentifier(
        _ code: ABIParseError.Code,
        what: String
    ) throws(ABIParseError) -> String {
        guard let word = peekIdentifier() else { throw error(code, "expected \(what)") }
        index += word.utf8.count
        return word
    }

    private static func isIdentifierByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
            UInt8(ascii: "$"):
            true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): !first
        default: false
        }
    }

    private mutating func takeWhile(_ predicate: (UInt8) -> Bool) -> [UInt8] {
        let start = index
        while index < text.count, predicate(text[index]) { index += 1 }
        return Array(text[start..<index])
    }

    private mutating func skipSpaces() {
        while index < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ code: ABIParseError.Code) throws(ABIParseError) {
        guard index < text.count, text[index] == byte else {
            throw error(code, "expected `\(Character(Unicode.Scalar(byte)))`")
        }
        index += 1
    }

    private func expectEnd(_ code: ABIParseError.Code) throws(ABIParseError) {
        guard index == text.count else { throw error(code, "unexpected text after the end") }
    }

    private func error(_ code: ABIParseError.Code, _ reason: String) -> ABIParseError {
        ABIParseError(code, reason, position: index)
    }
}
