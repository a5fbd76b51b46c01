/// A JSON document as parsed: numbers keep their literal text (so 256-bit integers survive) and objects keep
/// their member order (so re-encoding reproduces what a node sent).
public indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number exactly as written, e.g. `"1"`, `"-0.5e3"`, `"115792089237316195423570985008687907853269984665"`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order; duplicates are kept.
    case object([JSONMember])

    /// Parses one JSON text (RFC 8259, strictly), nesting at most 512 arrays and objects deep.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try parse(bytes, maximumDepth: JSONParser.defaultMaximumDepth)
    }

    /// Parses one JSON text (RFC 8259, strictly), nesting at most `maximumDepth` arrays and objects deep.
    public static func parse(_ bytes: some Collection<UInt8>, maximumDepth: Int) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                var parser = JSONParser(buffer, maximumDepth: maximumDepth)
                return try parser.parseDocument()
            }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes), maximumDepth: maximumDepth)
    }

    /// Parses the UTF-8 of a JSON text.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), maximumDepth: JSONParser.defaultMaximumDepth)
    }

    /// The value of the last member named `key` when this is an object (the member Go and JavaScript keep).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The element at `index` when this is an array and the index is in range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The value of a `true`/`false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The elements of an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members of an object.
    public var objectValue: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool { self == .null }

    /// The value of a number literal that is an integer fitting in `Int64` (no fraction, no exponent).
    public var int64Value: Int64? {
        if case .number(let literal) = self { return Int64(literal) }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByNilLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { JSONMember($0.0, $0.1) })
    }
}
