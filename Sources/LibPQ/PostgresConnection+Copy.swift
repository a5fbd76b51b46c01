extension PostgresConnection {
    /// Inserts `rows` into `table` with one `COPY … FROM STDIN` (text format), much faster than INSERTs, and
    /// returns the number of rows the server copied.
    ///
    /// Every row must have one value per entry of `columns`. All rows land or none: a failing row aborts the COPY.
    /// - Parameters:
    ///   - table: the table's name, quoted as an identifier (found through `search_path` unless `schema` is set).
    ///   - columns: the columns filled, in the order of each row's values.
    @discardableResult
    public func copyRows(
        into table: String,
        schema: String? = nil,
        columns: [String],
        rows: [[PostgresValue]]
    ) throws -> Int {
        let target = (schema.map { PostgresIdentifier.quote($0) + "." } ?? "") + PostgresIdentifier.quote(table)
        let sql = "COPY \(target) (\(columns.map(PostgresIdentifier.quote).joined(separator: ", "))) FROM STDIN"
        return try reopenIfBroken().copyIn(sql) { send in
            var encoder = PostgresCopyEncoder()
            for row in rows {
                precondition(
                    row.count == columns.count, "a COPY row has \(row.count) values for \(columns.count) columns")
                try encoder.append(row: row)
                // Chunks of a few hundred KiB keep memory flat without a libpq call per row.
                if encoder.bytes.count >= 256 * 1024 { try send(encoder.take()) }
            }
            if !encoder.bytes.isEmpty { try send(encoder.take()) }
        }
    }
}
