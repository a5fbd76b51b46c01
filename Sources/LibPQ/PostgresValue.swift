public import Foundation

/// A query parameter. Each case is sent with its PostgreSQL type, in binary, except `.text` (see there).
public enum PostgresValue: Sendable, Hashable {
    /// SQL NULL; the server infers its type from the context.
    case null
    /// Text sent with an unspecified type, so the server reads it as whatever the context needs
    /// (`text`, `varchar`, but also `numeric`, `inet`, an array literal such as `{a,b}`).
    case text(String)
    /// `int4`.
    case int(Int32)
    /// `int8`.
    case bigint(Int64)
    /// `bool`.
    case bool(Bool)
    /// `bytea`, raw bytes.
    case bytea(Data)
    /// `uuid`.
    case uuid(UUID)
    /// `timestamptz`, kept to the microsecond.
    case timestamptz(Date)
    /// `jsonb`, from its JSON text.
    case jsonb(String)

    /// The type sent with the parameter.
    var type: PostgresType {
        switch self {
        case .null, .text: .unspecified
        case .int: .int4
        case .bigint: .int8
        case .bool: .bool
        case .bytea: .bytea
        case .uuid: .uuid
        case .timestamptz: .timestamptz
        case .jsonb: .jsonb
        }
    }

    /// Whether the value is sent in binary (format 1) rather than text (format 0).
    var isBinary: Bool {
        if case .text = self { return false }
        return true
    }

    /// Appends the wire bytes of the value (nothing for NULL) in the format `isBinary` says.
    func appendWireBytes(to buffer: inout [UInt8]) {
        switch self {
        case .null: break
        case .text(let string): buffer.append(contentsOf: string.utf8)
        case .int(let value): Self.appendBigEndian(value, to: &buffer)
        case .bigint(let value): Self.appendBigEndian(value, to: &buffer)
        case .bool(let value): buffer.append(value ? 1 : 0)
        case .bytea(let data): buffer.append(contentsOf: data)
        case .uuid(let uuid): withUnsafeBytes(of: uuid.uuid) { buffer.append(contentsOf: $0) }
        case .timestamptz(let date):
            Self.appendBigEndian(PostgresTimestamp.postgresMicroseconds(date), to: &buffer)
        case .jsonb(let json):
            // The binary jsonb format is a version byte (1) followed by the JSON text.
            buffer.append(1)
            buffer.append(contentsOf: json.utf8)
        }
    }

    private static func appendBigEndian(_ value: some FixedWidthInteger, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
