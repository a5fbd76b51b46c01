import ChainKit

/// Request parameters decoded with ChainKit, refused in geth's words (`invalid argument N: …`), and block tags
/// resolved against the dev chain's head.
enum GethParams {
    /// Runs a ChainKit decoder over argument `index`, turning its error into geth's -32602 text.
    static func decode<T>(argument index: Int, _ decode: () throws(RPCDecodingError) -> T) throws(RPCFailure) -> T {
        do {
            return try decode()
        } catch {
            throw .invalidParams("invalid argument \(index): \(words(for: error))")
        }
    }

    /// geth's texts for malformed hex (`common/hexutil`); otherwise the decoder's own detail.
    static func words(for error: RPCDecodingError) -> String {
        guard let hex = error.underlying as? HexError else { return error.detail }
        let text = hex.description.lowercased()
        if text.contains("prefix") { return "hex string without 0x prefix" }
        if text.contains("empty") { return "empty hex string" }
        return "invalid hex string"
    }
}

extension BlockTag {
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
}
