import ChainKit
import Pipeline

/// The webhook body of CONTRACT.md ("The webhook"), rendered from a stream entry alone, so the same entry always
/// renders the same bytes (its `webhook-id` and signature are then stable across reprocessing).
enum WebhookBody {
    /// JSON numbers are exact up to 2^53 in every JSON reader; larger values become decimal strings.
    static let largestExactNumber: UInt64 = 1 << 53

    static func render(_ entry: StreamEntry, type: WebhookEventType, decoded: DecodedEvent?) -> String {
        let log = entry.log
        var data = [
            JSONMember("chainId", number(entry.chainID)),
            JSONMember("blockNumber", number(log.blockNumber)),
            JSONMember("blockHash", .string(log.blockHash.description)),
            JSONMember("blockTimestamp", number(entry.blockTimestamp)),
            JSONMember("transactionHash", .string(log.transactionHash.description)),
            JSONMember("transactionIndex", number(log.transactionIndex)),
            JSONMember("logIndex", number(log.logIndex)),
            JSONMember("address", .string(log.address.description)),
            JSONMember("topics", .array(log.topics.map { .string($0.description) })),
            JSONMember("data", .string(Hex.encode(log.data))),
            JSONMember("removed", .bool(type == .logRemoved)),
        ]
        if let decoded { data.append(JSONMember("decoded", decoded.json)) }
        return JSONValue.object([
            JSONMember("type", .string(type.rawValue)),
            JSONMember("timestamp", .string(BlockTimestamp.iso8601(entry.blockTimestamp))),
            JSONMember("data", .object(data)),
        ]).serialized()
    }

    static func number(_ value: UInt64) -> JSONValue {
        value <= largestExactNumber ? .number(String(value)) : .string(String(value))
    }
}
