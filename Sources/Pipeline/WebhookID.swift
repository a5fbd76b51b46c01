public import ChainKit
public import Foundation

/// The `webhook-id` of a delivery: a pure function of the endpoint and the event's identity (chain, block hash, log
/// index, type), so every retry, re-enqueue, reprocessed entry and restart sends the same id and receivers can
/// deduplicate on it. A replay adds its own id: a backfill is a deliberate second delivery (CONTRACT.md).
public enum WebhookID {
    /// `msg_` + 32 hex digits (the first 16 bytes of a Keccak-256 over the identity).
    public static func make(
        endpoint: UUID,
        chainID: UInt64,
        blockHash: Hash32,
        logIndex: UInt64,
        type: WebhookEventType,
        replayID: String? = nil
    ) -> String {
        // Unambiguous: every part is fixed-width or delimited by a character it cannot contain. Built as bytes, not
        // by interpolation: the Processor makes one per job and the Strings cost five times the hash.
        // "evmhook/1|<uuid lowercase>|<chain>|<block hash>|<log index>|<type>[|replay:<id>]"
        var identity: [UInt8] = []
        identity.reserveCapacity(160)
        identity += "evmhook/1|".utf8
        appendLowercase(endpoint, to: &identity)
        identity += "|\(chainID)|".utf8
        identity += blockHash.description.utf8
        identity += "|\(logIndex)|".utf8
        identity += type.rawValue.utf8
        if let replayID { identity += "|replay:\(replayID)".utf8 }
        let digest = Keccak256.hash(identity).bytes
        return "msg_" + Hex.encode(digest[0..<16]).dropFirst(2)
    }

    /// The `uuidString` form, lowercase: 8-4-4-4-12 hex digits.
    private static func appendLowercase(_ uuid: UUID, to output: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        withUnsafeBytes(of: uuid.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
                output.append(digits[Int(byte >> 4)])
                output.append(digits[Int(byte & 0x0F)])
            }
        }
    }
}
