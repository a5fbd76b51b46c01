/// The rows a query returned, in text format, copied out of libpq so they outlive the C result.
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// The result's columns, in order.
    public var columns: [PostgresColumn] { storage.columns }
    /// Rows inserted, updated, deleted, copied or selected, as the command tag reports; nil for other commands.
    public let affectedRows: Int?
    let storage: ResultStorage

    init(storage: ResultStorage, affectedRows: Int?) {
        self.storage = storage
        self.affectedRows = affectedRows
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.rowCount }

    public subscript(position: Int) -> PostgresRow {
        precondition(indices.contains(position), "row \(position) out of range 0..<\(count)")
        return PostgresRow(storage: storage, index: position)
    }
}

/// A result column: its name and PostgreSQL type.
public struct PostgresColumn: Sendable, Hashable {
    /// The column's name or alias.
    public let name: String
    /// The column's type.
    public let type: PostgresType
}

/// The cells of one result, kept in one byte buffer: one allocation per result rather than one per cell.
final class ResultStorage: Sendable {
    let columns: [PostgresColumn]
    let rowCount: Int
    let bytes: [UInt8]
    /// For cell `row * columns.count + column`: its range in `bytes`, nil for NULL.
    let cells: [Range<Int>?]
    private let columnIndex: [String: Int]

    init(columns: [PostgresColumn], rowCount: Int, bytes: [UInt8], cells: [Range<Int>?]) {
        precondition(cells.count == rowCount * columns.count, "cell count does not match the result's shape")
        self.columns = columns
        self.rowCount = rowCount
        self.bytes = bytes
        self.cells = cells
        // The first column of a name wins, as in `SELECT a.id, b.id`; index access reaches the others.
        var index: [String: Int] = [:]
        for (position, column) in columns.enumerated() where index[column.name] == nil {
            index[column.name] = position
        }
        columnIndex = index
    }

    func column(named name: String) throws -> Int {
        guard let position = columnIndex[name] else {
            let known = columns.map(\.name).joined(separator: ", ")
            throw PostgresError(.unknownColumn, "no column \(name) in the result (columns: \(known))")
        }
        return position
    }

    func cell(row: Int, column: Int) -> PostgresCell {
        precondition(columns.indices.contains(column), "column \(column) out of range 0..<\(columns.count)")
        let range = cells[row * columns.count + column]
        return PostgresCell(column: columns[column], bytes: range.map { bytes[$0] })
    }
}
