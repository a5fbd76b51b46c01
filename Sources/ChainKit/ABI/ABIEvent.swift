/// An event declaration: name, inputs in declaration order, and whether it is anonymous.
///
/// Built from a human-readable signature (`init(signature:)`), a JSON ABI (`ABIEvent.events(fromJSONABI:)`) or
/// directly. Every instance is valid: types are well formed and at most the number of topics a log can carry
/// are indexed.
public struct ABIEvent: Hashable, Sendable, CustomStringConvertible {
    /// The event's name.
    public let name: String
    /// The inputs in declaration order (indexed and not, interleaved as declared).
    public let inputs: [ABIParameter]
    /// Whether the event was declared `anonymous` (no topic0: every topic is an indexed input).
    public let anonymous: Bool
    /// The canonical signature, e.g. `Transfer(address,address,uint256)`.
    public let signature: String
    /// Keccak-256 of the canonical signature: topic0 of every log of this event unless it is anonymous.
    public let topic0: Hash32
    /// Types of the non-indexed inputs, the layout of the log's data (kept to spare each decode the filtering).
    let dataTypes: [ABIType]
    /// The keys of `DecodedEvent.json`'s `args`, one per input (they depend on the names alone).
    let argumentKeys: [String]
    /// `DecodedEvent.writeJSON`'s fixed parts, escaped once: `{"name":…,"signature":…,"args":{` and each `"key":`.
    let jsonHead: [UInt8]
    let jsonKeys: [[UInt8]]

    /// Makes an event from its parts.
    /// - Throws: `ABIParseError` when the name is not an identifier, a type is invalid, or more inputs are
    ///   indexed than a log has topics for (3, or 4 when anonymous).
    public init(name: String, inputs: [ABIParameter], anonymous: Bool = false) throws(ABIParseError) {
        guard Self.isIdentifier(name) else {
            throw ABIParseError(.invalidSignature, "event name `\(name)` is not an identifier")
        }
        for input in inputs {
            if let failure = input.type.validationFailure {
                throw ABIParseError(.invalidType, "input `\(input.name)`: \(failure)")
            }
        }
        let indexedCount = inputs.count { $0.indexed }
        let maximum = anonymous ? 4 : 3
        guard indexedCount <= maximum else {
            throw ABIParseError(.invalidSignature, "\(indexedCount) indexed inputs; a log has room for \(maximum)")
        }
        self.name = name
        self.inputs = inputs
        self.anonymous = anonymous
        self.signature = name + "(" + inputs.map(\.type.description).joined(separator: ",") + ")"
        self.topic0 = Keccak256.hash(Array(signature.utf8))
        self.dataTypes = inputs.filter { !$0.indexed }.map(\.type)
        var seen: Set<String> = []
        argumentKeys = inputs.enumerated().map { position, input in
            // By position when the name is empty or repeats an earlier key.
            let key = input.name.isEmpty || seen.contains(input.name) ? String(position) : input.name
            seen.insert(key)
            return key
        }
        var head = Array(#"{"name":"#.utf8)
        JSONValue.writeString(name, to: &head)
        head += #","signature":"#.utf8
        JSONValue.writeString(signature, to: &head)
        head += #","args":{"#.utf8
        jsonHead = head
        jsonKeys = argumentKeys.map { key in
            var bytes: [UInt8] = []
            JSONValue.writeString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            return bytes
        }
    }

    /// Parses a human-readable signature: `Transfer(address indexed from, address indexed to, uint256 value)`,
    /// `Transfer(address,address,uint256)`, `event Foo((uint256,address)[] items) anonymous`, …
    /// - Throws: `ABIParseError` naming the position of the problem.
    public init(signature text: some StringProtocol) throws(ABIParseError) {
        var parser = ABISignatureParser(text)
        let parsed = try parser.parseWholeEvent()
        try self.init(name: parsed.name, inputs: parsed.inputs, anonymous: parsed.anonymous)
    }

    /// How many topics a log of this event has: one per indexed input, plus topic0 unless anonymous.
    public var topicCount: Int {
        inputs.count { $0.indexed } + (anonymous ? 0 : 1)
    }

    /// The declaration with names and `indexed`, e.g. `Transfer(address indexed from, address indexed to, …)`.
    public var description: String {
        let parameters = inputs.map { input in
            [input.type.description, input.indexed ? "indexed" : "", input.name].filter { !$0.isEmpty }
                .joined(separator: " ")
        }
        return name + "(" + parameters.joined(separator: ", ") + ")" + (anonymous ? " anonymous" : "")
    }

    private static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "$"):
                true
            default: false
            }
        }
    }
}
