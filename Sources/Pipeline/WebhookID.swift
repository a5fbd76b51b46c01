public import ChainKit
public import Foundation
import UUIDText

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
        identity.append(UInt8(ascii: "|"))
        identity += String(chainID).utf8
        identity.append(UInt8(ascii: "|"))
        blockHash.appendHex(to: &identity)
        identity.append(UInt8(ascii: "|"))
        identity += String(logIndex).utf8
        identity.append(UInt8(ascii: "|"))
        identity += type.rawValue.utf8
        if let replayID {
            identity += "|replay:".utf8
            identity += replayID.utf8
        }
        let digest = identity.withUnsafeBytes { Keccak256.hash($0) }.description.utf8
        // `msg_` and the first 32 digits after the digest's `0x`, written in place: one String, no intermediates.
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            for byte in "msg_".utf8 {
                buffer[index] = byte
                index += 1
            }
            for byte in digest.dropFirst(2).prefix(32) {
                buffer[index] = byte
                index += 1
            }
            return index
        }
    }
}
