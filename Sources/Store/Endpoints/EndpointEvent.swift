public import ChainKit

/// An event an endpoint asked for, kept in the form the user gave it (so `endpoint show` prints it back) next to its
/// parsed `ABIEvent`.
public struct EndpointEvent: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// A human-readable signature: `Transfer(address indexed from, address indexed to, uint256 value)`.
        case signature(String)
        /// A JSON ABI event fragment: `{"type":"event","name":…,"inputs":[…]}`.
        case fragment(JSONValue)
    }

    public let source: Source
    public let event: ABIEvent

    public init(signature: String) throws(ABIParseError) {
        source = .signature(signature)
        event = try ABIEvent(signature: signature)
    }

    public init(fragment: JSONValue) throws(ABIParseError) {
        source = .fragment(fragment)
        event = try ABIEvent(json: fragment)
    }

    /// How it is stored in the `events` column: a string or an object.
    public var json: JSONValue {
        switch source {
        case .signature(let text): .string(text)
        case .fragment(let json): json
        }
    }

    /// Reads an element of the `events` column.
    public init(json: JSONValue) throws(ABIParseError) {
        if let text = json.stringValue {
            try self.init(signature: text)
        } else {
            try self.init(fragment: json)
        }
    }
}
