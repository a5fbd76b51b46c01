public import Foundation
import UUIDText

/// A job travels through Redis lists and sorted sets as one string: a header line of space-separated fields, then the
/// body verbatim. No escaping, no JSON parse of the body on the way through, and the exact string is what `LREM`
/// removes from a processing list.
///
///     evmhook-job/1 <endpoint uuid> <webhook id> <type> <attempt> <enqueued ms>\n<body>
extension DeliveryJob {
    static let magic = "evmhook-job/1"

    public var encoded: String {
        var text = Self.header(
            endpointID: endpointID, webhookID: webhookID, type: type, attempt: attempt, enqueuedAt: enqueuedAt,
            bodySize: body.utf8.count)
        text += body.utf8
        return String(decoding: text, as: UTF8.self)
    }

    /// `encoded` as bytes, from a body that is bytes already: what the Processor pushes, with no `String` built
    /// (validating and copying each ~1 KB job through `String`s was a tenth of its work).
    public static func encoded(
        endpointID: UUID, webhookID: String, type: WebhookEventType, attempt: Int = 1, enqueuedAt: UInt64,
        body: [UInt8]
    ) -> [UInt8] {
        var text = header(
            endpointID: endpointID, webhookID: webhookID, type: type, attempt: attempt, enqueuedAt: enqueuedAt,
            bodySize: body.count)
        text += body
        return text
    }

    /// The header line, newline included, in a buffer with room for the body after it. Built as bytes:
    /// interpolation plus concatenation copied every job three times.
    private static func header(
        endpointID: UUID, webhookID: String, type: WebhookEventType, attempt: Int, enqueuedAt: UInt64, bodySize: Int
    ) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(128 + bodySize)
        text += magic.utf8
        text.append(UInt8(ascii: " "))
        endpointID.appendLowercase(to: &text)
        text.append(UInt8(ascii: " "))
        text += webhookID.utf8
        text.append(UInt8(ascii: " "))
        text += type.rawValue.utf8
        text.append(UInt8(ascii: " "))
        text += String(attempt).utf8
        text.append(UInt8(ascii: " "))
        text += String(enqueuedAt).utf8
        text.append(UInt8(ascii: "\n"))
        return text
    }

    /// Parses `encoded`; a job that does not parse is a poison job for Delivery's dead letters, never a crash.
    public init(encoded text: String) throws(DeliveryJobError) {
        try self.init(encoded: Array(text.utf8))
    }

    /// Parses `encoded` from the bytes Redis holds, fields as bytes: going through `String` first (validating,
    /// splitting by characters, Foundation's `sscanf` for the UUID) was a tenth of a delivery's work.
    public init(encoded bytes: [UInt8]) throws(DeliveryJobError) {
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { throw DeliveryJobError("no header line") }
        let header = bytes[..<newline].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard header.count == 6, header[0].elementsEqual(Self.magic.utf8) else {
            let first = String(decoding: header.first?.prefix(40) ?? [], as: UTF8.self)
            throw DeliveryJobError("header is not `\(Self.magic) endpoint id type attempt enqueued`: \(first)")
        }
        guard let endpoint = UUID(text: header[1]) else { throw DeliveryJobError("endpoint is not a UUID") }
        guard !header[2].isEmpty, let webhookID = String(validating: header[2], as: UTF8.self) else {
            throw DeliveryJobError("the webhook id is empty or not UTF-8")
        }
        guard let type = WebhookEventType(rawValue: String(decoding: header[3], as: UTF8.self)) else {
            throw DeliveryJobError("unknown type \(String(decoding: header[3].prefix(40), as: UTF8.self))")
        }
        guard let attempt = Self.decimal(header[4]).flatMap(Int.init(exactly:)), attempt >= 1 else {
            throw DeliveryJobError("attempt is not a number ≥ 1")
        }
        guard let enqueuedAt = Self.decimal(header[5]) else { throw DeliveryJobError("enqueued time is not a number") }
        guard let body = String(validating: bytes[(newline + 1)...], as: UTF8.self) else {
            throw DeliveryJobError("the body is not UTF-8")
        }
        self.init(
            endpointID: endpoint, webhookID: webhookID, type: type, attempt: attempt, enqueuedAt: enqueuedAt, body: body
        )
    }

    /// Decimal digits only (no sign, no spaces), at most 19 of them: nil otherwise.
    private static func decimal(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 19 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return value
    }
}

/// Why a job string is not a `DeliveryJob`.
public struct DeliveryJobError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "malformed delivery job: \(reason)" }
}
