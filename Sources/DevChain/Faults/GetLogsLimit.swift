import ChainKit

/// A limit the dev chain puts on `eth_getLogs`, refused in the words of a real provider, so the Ingestor's
/// adaptive splitting is tested against every refusal in `Tests/Fixtures/rpc/errors/getlogs-limits.json`.
public struct GetLogsLimit: Sendable, Equatable {
    /// The largest inclusive block range answered (`nil`: no range limit).
    public var maxRange: UInt64?
    /// The most logs one answer may hold (`nil`: no result limit).
    public var maxResults: Int?
    /// Whose words the refusal uses.
    public var style: Style

    public init(maxRange: UInt64? = nil, maxResults: Int? = nil, style: Style) {
        self.maxRange = maxRange
        self.maxResults = maxResults
        self.style = style
    }

    /// Providers whose refusals are recorded in the fixtures; raw values are the fixture case ids.
    public enum Style: String, Sendable, CaseIterable {
        case geth = "getlogs-geth-rangelimit"
        case bsc = "getlogs-bsc-exceed-maximum-block-range"
        case infuraResults = "getlogs-infura-result-cap"
        case infuraRange = "getlogs-infura-range-limit"
        case alchemyResponseSize = "getlogs-alchemy-log-response-size"
        case alchemyFreeTier = "getlogs-alchemy-free-tier"
        case quicknode = "getlogs-quicknode-range"
        case zksync = "getlogs-zksync-try-range"
        case reth = "getlogs-reth-max-results"
        case tenderly = "getlogs-tenderly-data-payload"
        case morph = "getlogs-morph-max-block-range"
        case scroll = "getlogs-scroll-max-block-range"
        case moonriver = "getlogs-moonriver-too-wide"
    }

    /// What a request for `from...to` that returned `resultCount` logs breaks, if anything.
    ///
    /// `largestAnswerable` is the end of the longest range starting at `from` that stays within both limits,
    /// which the providers that suggest a range put in their message.
    func refusal(from: UInt64, to: UInt64, resultCount: Int, largestAnswerable: UInt64) -> RPCFailure? {
        let range = to >= from ? to - from + 1 : 0
        if let maxRange, range > maxRange {
            return rangeRefusal(range: range, maxRange: maxRange, from: from, suggestedTo: largestAnswerable)
        }
        if let maxResults, resultCount > maxResults {
            return resultRefusal(maxResults: maxResults, from: from, suggestedTo: largestAnswerable)
        }
        return nil
    }

    private func rangeRefusal(range: UInt64, maxRange: UInt64, from: UInt64, suggestedTo: UInt64) -> RPCFailure {
        let suggestion = "[\(hex(from)), \(hex(suggestedTo))]"
        switch style {
        case .geth: return RPCFailure(code: -32602, message: "exceed maximum block range \(maxRange)")
        case .bsc: return RPCFailure(code: -32000, message: "exceed maximum block range: \(maxRange)")
        case .infuraRange, .infuraResults:
            return RPCFailure(code: -32602, message: "range \(range) exceeds limit of \(maxRange)")
        case .alchemyResponseSize:
            return resultRefusal(maxResults: Int(maxRange), from: from, suggestedTo: suggestedTo)
        case .alchemyFreeTier:
            return RPCFailure(
                code: -32600,
                message: "You can make eth_getLogs requests with up to a \(maxRange) block range. "
                    + "Based on your parameters, this block range should work: \(suggestion)"
            )
        case .quicknode:
            return RPCFailure(
                code: -32614,
                message: "eth_getLogs is limited to a \(grouped(maxRange)) range",
                httpStatus: 413
            )
        case .tenderly:
            return RPCFailure(
                code: -32602,
                message: "invalid params",
                data: .object([
                    JSONMember("error_id", .string("4ed94073-0317-4648-a167-107fba5f44b3")),
                    JSONMember("payload", .string("range \(range) is bigger than range limit \(maxRange)")),
                ])
            )
        case .morph:
            return RPCFailure(
                code: -32000,
                message:
                    "block range is larger than max block range, block range = \(range), max block range = \(maxRange)"
            )
        case .scroll: return RPCFailure(code: -32000, message: "block range is bigger than maxBlockRange")
        case .moonriver: return RPCFailure(code: -32603, message: "block range is too wide (maximum \(maxRange))")
        case .zksync, .reth: return resultRefusal(maxResults: Int(maxRange), from: from, suggestedTo: suggestedTo)
        }
    }

    private func resultRefusal(maxResults: Int, from: UInt64, suggestedTo: UInt64) -> RPCFailure {
        switch style {
        case .zksync:
            return RPCFailure(
                code: -32602,
                message: "Query returned more than \(maxResults) results. "
                    + "Try with this block range [\(hex(from)), \(hex(suggestedTo))]."
            )
        case .reth:
            return RPCFailure(
                code: -32602,
                message: "query exceeds max results \(maxResults), retry with the range \(from)-\(suggestedTo)"
            )
        case .alchemyResponseSize, .alchemyFreeTier:
            return RPCFailure(
                code: -32602,
                message: "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range "
                    + "and no limit on the response size, or you can request any block range with a cap of 10K logs "
                    + "in the response. Based on your parameters and the response size limit, this block range "
                    + "should work: [\(hex(from)), \(hex(suggestedTo))]"
            )
        default:
            // Providers known only for a range limit answer a result cap the way Infura does.
            return RPCFailure(code: -32005, message: "query returned more than \(maxResults) results")
        }
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// 10000 → "10,000", as QuickNode writes it.
    private func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
