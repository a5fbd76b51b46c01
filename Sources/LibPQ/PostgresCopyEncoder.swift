import Foundation
import UUIDText

/// Encodes rows in `COPY … FROM STDIN`'s text format: tab-separated fields, one row per line, `\N` for NULL,
/// and backslash escapes for backslash, tab, newline and carriage return.
struct PostgresCopyEncoder {
    private(set) var bytes: [UInt8] = []

    /// Appends one row; a text value with a NUL character (which PostgreSQL text cannot hold) throws.
    mutating func append(row: [PostgresValue]) throws {
        for (index, value) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            try append(value)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Hands back the bytes encoded so far and starts empty again.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    private mutating func append(_ value: PostgresValue) throws {
        switch value {
        case .null: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
        case .text(let text): try appendEscaped(text)
        case .int(let number): bytes.append(contentsOf: String(number).utf8)
        case .bigint(let number): bytes.append(contentsOf: String(number).utf8)
        case .bool(let flag): bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        case .bytea(let data):
            // bytea's hex input `\x0aff`, whose backslash the COPY format escapes in turn.
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
            for byte in data {
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0f)])
            }
        case .uuid(let uuid): uuid.appendLowercase(to: &bytes)
        case .timestamptz(let date): bytes.append(contentsOf: PostgresTimestamp.format(date).utf8)
        case .jsonb(let json): try appendEscaped(json)
        }
    }

    private mutating func appendEscaped(_ text: String) throws {
        for byte in text.utf8 {
            switch byte {
            case 0: throw PostgresError(.invalidValue, "a text value cannot contain a NUL character")
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
