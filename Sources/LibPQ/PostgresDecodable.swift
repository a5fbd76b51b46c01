public import Foundation

/// A Swift type a result column can be read as (`row.decode(Int64.self, "id")`).
public protocol PostgresDecodable: Sendable {
    /// Reads the value of `cell` (text format); throws `PostgresError` when it is NULL or of another type.
    static func decode(from cell: PostgresCell) throws -> Self
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// NULL becomes nil; anything else is read as `Wrapped`.
    public static func decode(from cell: PostgresCell) throws -> Wrapped? {
        cell.bytes == nil ? nil : try Wrapped.decode(from: cell)
    }
}

extension String: PostgresDecodable {
    /// Any column, as the server prints it (`text`, `varchar`, but also `numeric`, `jsonb`, arrays).
    public static func decode(from cell: PostgresCell) throws -> String {
        String(decoding: try cell.requireBytes(), as: UTF8.self)
    }
}

extension Int32: PostgresDecodable {
    /// `int2` and `int4`.
    public static func decode(from cell: PostgresCell) throws -> Int32 {
        try cell.requireType([.int2, .int4], for: Int32.self)
        return try cell.integer()
    }
}

extension Int64: PostgresDecodable {
    /// `int2`, `int4` and `int8`.
    public static func decode(from cell: PostgresCell) throws -> Int64 {
        try cell.requireType([.int2, .int4, .int8], for: Int64.self)
        return try cell.integer()
    }
}

extension Int: PostgresDecodable {
    /// `int2`, `int4` and `int8`.
    public static func decode(from cell: PostgresCell) throws -> Int {
        try cell.requireType([.int2, .int4, .int8], for: Int.self)
        return try cell.integer()
    }
}

extension Bool: PostgresDecodable {
    /// `bool` (`t` or `f` on the wire).
    public static func decode(from cell: PostgresCell) throws -> Bool {
        try cell.requireType([.bool], for: Bool.self)
        switch try cell.requireBytes().first {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw cell.invalid("expected t or f")
        }
    }
}

extension Data: PostgresDecodable {
    /// `bytea`, in the hex output format (`\x00ff`) that the connection selects.
    public static func decode(from cell: PostgresCell) throws -> Data {
        try cell.requireType([.bytea], for: Data.self)
        let text = try cell.requireBytes()
        guard text.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "x")]), text.count % 2 == 0 else {
            throw cell.invalid("expected \\x and hex digits")
        }
        var data = Data(capacity: text.count / 2 - 1)
        var index = text.startIndex + 2
        while index < text.endIndex {
            guard let high = hexValue(text[index]), let low = hexValue(text[index + 1]) else {
                throw cell.invalid("bad hex digit")
            }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension UUID: PostgresDecodable {
    /// `uuid`.
    public static func decode(from cell: PostgresCell) throws -> UUID {
        try cell.requireType([.uuid], for: UUID.self)
        guard let uuid = UUID(uuidString: try String.decode(from: cell)) else { throw cell.invalid("not a UUID") }
        return uuid
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` (and `timestamp`, taken as UTC); `infinity` becomes `distantFuture`.
    public static func decode(from cell: PostgresCell) throws -> Date {
        try cell.requireType([.timestamptz, .timestamp], for: Date.self)
        guard let date = PostgresTimestamp.parse(try String.decode(from: cell)) else {
            throw cell.invalid("expected the ISO date style")
        }
        return date
    }
}

extension PostgresCell {
    /// Parses a decimal integer column.
    fileprivate func integer<Value: FixedWidthInteger>() throws -> Value {
        let bytes = try requireBytes()
        guard let value = Value(String(decoding: bytes, as: UTF8.self)) else {
            throw invalid("out of range for \(Value.self)")
        }
        return value
    }
}
