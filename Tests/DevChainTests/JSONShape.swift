import ChainKit

/// The shape of a JSON-RPC value: which fields, in which order, with which encodings — what must agree between
/// geth's recorded answers and the dev chain's, while the values themselves differ.
indirect enum JSONShape: Equatable, CustomStringConvertible {
    case null, bool, number, text
    case hash, address, bloom, nonce, data, quantity
    case array(JSONShape?)
    case object([(String, JSONShape)])

    /// Keys whose values are byte strings of any length rather than quantities.
    private static let dataKeys: Set<String> = ["data", "input", "extraData"]
    /// Address keys that are null for contract creations: an address and null are the same shape there.
    private static let optionalAddressKeys: Set<String> = ["to", "contractAddress"]

    init(_ value: JSONValue, key: String = "") {
        if Self.optionalAddressKeys.contains(key), value == .null || JSONShape.classify(value, key: key) == .address {
            self = .address
            return
        }
        switch value {
        case .null: self = .null
        case .bool: self = .bool
        case .number: self = .number
        case .string(let text): self = Self.classify(text, key: key)
        case .array(let items): self = .array(items.first.map { JSONShape($0, key: key) })
        case .object(let members): self = .object(members.map { ($0.key, JSONShape($0.value, key: $0.key)) })
        }
    }

    private static func classify(_ value: JSONValue, key: String) -> JSONShape {
        if case .string(let text) = value { return classify(text, key: key) }
        return .null
    }

    private static func classify(_ text: String, key: String) -> JSONShape {
        guard text.hasPrefix("0x") else { return .text }
        if dataKeys.contains(key) { return .data }
        switch text.count {
        case 66: return .hash
        case 42: return .address
        case 514: return .bloom
        case 18 where key == "nonce": return .nonce
        default:
            // A QUANTITY has no leading zeros ("0x0" aside); anything else is a byte string.
            let digits = text.dropFirst(2)
            return digits == "0" || (digits.first != "0" && !digits.isEmpty) ? .quantity : .data
        }
    }

    static func == (lhs: JSONShape, rhs: JSONShape) -> Bool { lhs.description == rhs.description }

    var description: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .text: "text"
        case .hash: "hash"
        case .address: "address"
        case .bloom: "bloom"
        case .nonce: "nonce"
        case .data: "data"
        case .quantity: "quantity"
        case .array(let element): "[\(element?.description ?? "")]"
        case .object(let fields): "{" + fields.map { "\($0.0):\($0.1)" }.joined(separator: ",") + "}"
        }
    }
}
