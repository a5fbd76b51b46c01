/// One row of a `PostgresRows`; read its columns with `decode(_:_:)` by name or position.
public struct PostgresRow: Sendable {
    let storage: ResultStorage
    let index: Int

    /// Reads the column named `column` as `type`; ask for an `Optional` to accept NULL.
    ///
    /// - Throws: `PostgresError` coded `.unknownColumn`, `.unexpectedNull`, `.typeMismatch` or `.invalidValue`.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, _ column: String) throws -> Value {
        try Value.decode(from: storage.cell(row: index, column: storage.column(named: column)))
    }

    /// Reads the column at `position` (0-based) as `type`; ask for an `Optional` to accept NULL.
    public func decode<Value: PostgresDecodable>(_ type: Value.Type, at position: Int) throws -> Value {
        try Value.decode(from: storage.cell(row: index, column: position))
    }

    /// Whether the column named `column` is NULL.
    public func isNull(_ column: String) throws -> Bool {
        try storage.cell(row: index, column: storage.column(named: column)).bytes == nil
    }
}

/// One value of a result in PostgreSQL's text format, with the column it came from.
public struct PostgresCell: Sendable {
    /// The column, for type checks and error messages.
    public let column: PostgresColumn
    /// The value's text bytes; nil for NULL.
    public let bytes: ArraySlice<UInt8>?

    /// The bytes of a non-NULL value, or an `.unexpectedNull` error naming the column.
    public func requireBytes() throws -> ArraySlice<UInt8> {
        guard let bytes else {
            throw PostgresError(.unexpectedNull, "column is NULL; decode an Optional to accept NULL", context: place)
        }
        return bytes
    }

    /// Throws `.typeMismatch` unless the column's type is one of `accepted`.
    public func requireType(_ accepted: Set<PostgresType>, for swiftType: Any.Type) throws {
        guard accepted.contains(column.type) else {
            throw PostgresError(.typeMismatch, "a \(column.type) cannot be read as \(swiftType)", context: place)
        }
    }

    /// An `.invalidValue` error for text the column's type should never produce.
    public func invalid(_ what: String) -> PostgresError {
        PostgresError(.invalidValue, "unreadable \(column.type) value (\(what))", context: place)
    }

    private var place: String { "column \(column.name)" }
}
