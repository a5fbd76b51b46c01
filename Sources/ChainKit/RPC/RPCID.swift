/// A JSON-RPC request id: a number or a string (JSON-RPC 2.0 §4).
public enum RPCID: Hashable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral,
    ExpressibleByStringLiteral
{
    case number(Int64)
    case string(String)

    public init(integerLiteral value: Int64) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    /// Reads an id; `null` and absent ids are handled by the callers (they mean different things there).
    init(json: JSONValue, path: @autoclosure () -> String) throws(RPCDecodingError) {
        switch json {
        case .string(let text): self = .string(text)
        case .number(let literal):
            guard let value = Int64(literal) else {
                throw RPCDecodingError(.invalidValue, field: path(), detail: "id \(literal) is not a 64-bit integer")
            }
            self = .number(value)
        default:
            throw json.wrongType("a number or a string", path)
        }
    }

    /// The id as JSON.
    public var json: JSONValue {
        switch self {
        case .number(let value): .number(String(value))
        case .string(let text): .string(text)
        }
    }

    public var description: String { json.serialized() }
}
