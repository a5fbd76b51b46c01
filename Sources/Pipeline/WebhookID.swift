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
        endpoint.appendLowercase(to: &identity)
        identity += "|\(chainID)|".utf8
        identity += blockHash.description.utf8
        identity += "|\(logIndex)|".utf8
        identity += type.rawValue.utf8
        if let replayID { identity += "|replay:\(replayID)".utf8 }
        let hex = Keccak256.hash(identity).description.utf8
        return "msg_" + String(Substring(hex.dropFirst(2).prefix(32)))
    }
}
