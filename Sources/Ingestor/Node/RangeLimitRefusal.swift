import ChainKit
import Foundation

/// An `eth_getLogs` refusal because the range or the result is too large, in any provider's words
/// (`Tests/Fixtures/rpc/errors/getlogs-limits.json`), with the range the provider suggests when it names one.
///
/// Codes do not classify these (-32602 is also a malformed filter, -32005 also Infura's rate limit), so the words
/// do; HTTP 413 alone suffices.
struct RangeLimitRefusal: Equatable {
    /// The inclusive range the provider says would work, if it said one.
    var suggested: ClosedRange<UInt64>?

    /// Phrases, lowercased, that mean "narrow the range and retry".
    private static let phrases = [
        "exceed maximum block range",  // geth --rpc.rangelimit, BSC
        "exceeds limit of",  // Infura range limit
        "query returned more than",  // Infura result cap, zkSync
        "query exceeds max results",  // reth
        "log response size exceeded",  // Alchemy
        "block range should work",  // Alchemy free tier
        "max block range",  // Morph
        "maxblockrange",  // Scroll
        "block range is too wide",  // Moonriver
        "is limited to a",  // QuickNode
        "bigger than range limit",  // Tenderly (in data.payload)
    ]

    /// The refusal in `error`, or nil when the error means something else.
    init?(_ error: NodeError) {
        guard let rpc = error.rpcError else {
            guard error.httpStatus == 413 else { return nil }
            suggested = nil
            return
        }
        var text = rpc.message.lowercased()
        if let data = rpc.data { text += " " + data.serialized().lowercased() }
        guard error.httpStatus == 413 || Self.phrases.contains(where: { text.contains($0) }) else { return nil }
        suggested = Self.suggestedRange(in: text)
    }

    /// `[0xa, 0xb]` (Alchemy, zkSync) or `range 123-456` (reth).
    static func suggestedRange(in text: String) -> ClosedRange<UInt64>? {
        let bytes = Array(text.utf8)
        if let open = bytes.lastIndex(of: UInt8(ascii: "[")) {
            let inside = bytes[(open + 1)...].prefix { $0 != UInt8(ascii: "]") }
            let parts = String(decoding: inside, as: UTF8.self).split(separator: ",").map {
                $0.trimmingCharacters(in: " ")
            }
            if parts.count == 2, let low = hexOrDecimal(parts[0]), let high = hexOrDecimal(parts[1]), low <= high {
                return low...high
            }
        }
        if let range = text.range(of: "with the range ") {
            let tail = text[range.upperBound...].prefix { $0.isNumber || $0 == "-" }
            let parts = tail.split(separator: "-")
            if parts.count == 2, let low = UInt64(parts[0]), let high = UInt64(parts[1]), low <= high {
                return low...high
            }
        }
        return nil
    }

    private static func hexOrDecimal(_ text: Substring) -> UInt64? {
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) }
        return UInt64(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Character) -> Substring {
        var text = self
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return text
    }
}
