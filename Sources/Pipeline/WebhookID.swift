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
        // Unambiguous: every part is fixed-width or delimited by a character it cannot contain.
        var identity =
            "evmhook/1|\(endpoint.uuidString.lowercased())|\(chainID)|\(blockHash)|\(logIndex)|\(type.rawValue)"
        if let replayID { identity += "|replay:\(replayID)" }
        let digest = Keccak256.hash(Array(identity.utf8))
        return "msg_" + digest.description.dropFirst(2).prefix(32)
    }
}
