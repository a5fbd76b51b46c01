import ChainKit

/// A block parameter: a number or one of the tags geth accepts.
enum BlockTag: Equatable {
    case number(UInt64)
    case latest, earliest, pending, safe, finalized

    /// Parses `"latest"`, `"0x1b"`…, in geth's words when it fails.
    init(json: JSONValue, argument: Int) throws(RPCFailure) {
        guard case .string(let text) = json else {
            throw .invalidParams("invalid argument \(argument): json: cannot unmarshal non-string into Go value of type string")
        }
        switch text {
        case "latest": self = .latest
        case "earliest": self = .earliest
        case "pending": self = .pending
        case "safe": self = .safe
        case "finalized": self = .finalized
        default:
            do throws(HexError) {
                self = .number(try Hex.decodeQuantity(text))
            } catch {
                throw .invalidParams("invalid argument \(argument): \(Self.gethWords(error))")
            }
        }
    }

    /// The number this tag names on a chain whose head is `head`. Safe and finalized trail the head by one and two
    /// epochs of 32 blocks, as on mainnet.
    func resolve(head: UInt64) -> UInt64 {
        switch self {
        case .number(let number): number
        case .latest, .pending: head
        case .earliest: 0
        case .safe: head > 32 ? head - 32 : 0
        case .finalized: head > 64 ? head - 64 : 0
        }
    }

    /// geth's texts for malformed hex quantities (`common/hexutil`).
    static func gethWords(_ error: HexError) -> String {
        let text = error.description.lowercased()
        if text.contains("prefix") { return "hex string without 0x prefix" }
        if text.contains("empty") { return "empty hex string" }
        return "invalid hex string"
    }
}
