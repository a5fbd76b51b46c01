import ChainKit
import Pipeline

/// The webhook body of CONTRACT.md ("The webhook"), rendered from a stream entry alone, so the same entry always
/// renders the same bytes (its `webhook-id` and signature are then stable across reprocessing).
///
/// Written byte by byte: every value but `decoded` is a number, hex or a fixed word that needs no escaping, and
/// building a `JSONValue` tree to serialise it cost more than the rest of the Processor's work on an entry.
/// `decoded`, which may hold any string a contract logged, is written by `DecodedEvent.writeJSON`, which escapes.
enum WebhookBody {
    /// JSON numbers are exact up to 2^53 in every JSON reader; larger values become decimal strings.
    static let largestExactNumber: UInt64 = 1 << 53

    /// The body's UTF-8 bytes: what the job carries after its header line.
    static func render(_ entry: StreamEntry, type: WebhookEventType, decoded: DecodedEvent?) -> [UInt8] {
        let log = entry.log
        var out: [UInt8] = []
        out.reserveCapacity(640 + 2 * log.data.count + 67 * log.topics.count)
        func raw(_ text: StaticString) {
            text.withUTF8Buffer { out.append(contentsOf: $0) }
        }
        func quoted(_ text: String) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        }
        // Hashes, addresses and data are written straight into `out`: a `String` each cost an allocation.
        func quotedHex(_ write: (inout [UInt8]) -> Void) {
            out.append(UInt8(ascii: "\""))
            write(&out)
            out.append(UInt8(ascii: "\""))
        }
        func number(_ value: UInt64) {
            if value <= largestExactNumber {
                out.append(contentsOf: String(value).utf8)
            } else {
                quoted(String(value))
            }
        }
        raw(#"{"type":"#)
        quoted(type.rawValue)
        raw(#","timestamp":"#)
        out.append(UInt8(ascii: "\""))
        BlockTimestamp.appendISO8601(entry.blockTimestamp, to: &out)
        out.append(UInt8(ascii: "\""))
        raw(#","data":{"chainId":"#)
        number(entry.chainID)
        raw(#","blockNumber":"#)
        number(log.blockNumber)
        raw(#","blockHash":"#)
        quotedHex(log.blockHash.appendHex)
        raw(#","blockTimestamp":"#)
        number(entry.blockTimestamp)
        raw(#","transactionHash":"#)
        quotedHex(log.transactionHash.appendHex)
        raw(#","transactionIndex":"#)
        number(log.transactionIndex)
        raw(#","logIndex":"#)
        number(log.logIndex)
        raw(#","address":"#)
        quotedHex(log.address.appendHex)
        raw(#","topics":["#)
        for (position, topic) in log.topics.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            quotedHex(topic.appendHex)
        }
        raw(#"],"data":"#)
        quotedHex { Hex.append(log.data, to: &$0) }
        raw(type == .logRemoved ? #","removed":true"# : #","removed":false"#)
        if let decoded {
            raw(#","decoded":"#)
            decoded.writeJSON(to: &out)
        }
        raw("}}")
        return out
    }
}
