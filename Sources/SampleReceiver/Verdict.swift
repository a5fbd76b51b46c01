import ChainKit
import Delivery
import Foundation
import HTTPTypes

/// What the sample receiver makes of one delivery: whether it verifies, and the line it prints.
struct Verdict {
    let isValid: Bool
    let line: String

    init(headers: HTTPFields, body: [UInt8], secret: WebhookSecret, now: Date = Date()) {
        func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
        guard let id = header("webhook-id"), let timestampText = header("webhook-timestamp"),
            let timestamp = Int64(timestampText), let signature = header("webhook-signature")
        else {
            isValid = false
            line = "REJECTED  missing webhook-id, webhook-timestamp or webhook-signature"
            return
        }
        do {
            try WebhookSignature.verify(
                id: id, timestamp: timestamp, body: body, header: signature, secret: secret,
                now: Int64(now.timeIntervalSince1970))
        } catch {
            isValid = false
            line = "REJECTED  \(id): \(error)"
            return
        }
        isValid = true
        line = "verified  " + Self.summary(of: body)
    }

    /// `block 123 tx 0x1234…abcd log 4  Transfer(from=0x…, to=0x…, value=1000)`, or what is known of it.
    static func summary(of body: [UInt8]) -> String {
        guard let json = try? JSONValue.parse(body), let data = json["data"] else { return "(body is not JSON)" }
        let removed = json["type"]?.stringValue == "evm.log.removed" ? "REMOVED " : ""
        let block = data["blockNumber"].map(text) ?? "?"
        let transaction = data["transactionHash"]?.stringValue.map(shortHash) ?? "?"
        let logIndex = data["logIndex"].map(text) ?? "?"
        var event = data["address"]?.stringValue.map { "log of \(shortHash($0))" } ?? "log"
        if let decoded = data["decoded"], let name = decoded["name"]?.stringValue {
            let arguments = (decoded["args"]?.objectValue ?? []).map { "\($0.key)=\(shortValue($0.value))" }
            event = "\(name)(\(arguments.joined(separator: ", ")))"
        }
        return "\(removed)block \(block) tx \(transaction) log \(logIndex)  \(event)"
    }

    private static func text(_ value: JSONValue) -> String {
        value.stringValue ?? value.serialized()
    }

    /// `0x12345678…abcd`: enough to recognise a hash or address on a terminal line.
    private static func shortHash(_ hex: String) -> String {
        hex.count > 18 ? "\(hex.prefix(10))…\(hex.suffix(4))" : hex
    }

    private static func shortValue(_ value: JSONValue) -> String {
        let rendered = text(value)
        return rendered.hasPrefix("0x") ? shortHash(rendered) : String(rendered.prefix(40))
    }
}
