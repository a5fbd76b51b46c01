/// A block parameter of JSON-RPC: a number or one of the named blocks.
public enum BlockTag: Hashable, Sendable, CustomStringConvertible {
    case number(UInt64)
    case earliest
    case latest
    case pending
    case safe
    case finalized

    /// Decodes `"0x1b"` or a tag name.
    public init(json: JSONValue, path: String) throws(RPCDecodingError) {
        let text = try json.decodeString(at: path)
        switch text {
        case "earliest": self = .earliest
        case "latest": self = .latest
        case "pending": self = .pending
        case "safe": self = .safe
        case "finalized": self = .finalized
        default: self = .number(try json.decodeQuantity(at: path))
        }
    }

    /// The JSON-RPC form: a QUANTITY or the tag's name.
    public var json: JSONValue { .string(description) }

    public var description: String {
        switch self {
        case .number(let number): Hex.encodeQuantity(number)
        case .earliest: "earliest"
        case .latest: "latest"
        case .pending: "pending"
        case .safe: "safe"
        case .finalized: "finalized"
        }
    }
}
