import CLibPQ
import Foundation
import Logging

/// Owns one `PGconn`: every libpq call on a connection goes through here, on the owner's thread.
///
/// Calls block (network round trips), so the owner runs them on a thread of its own: `PostgresConnection` on its
/// `ThreadExecutor`, `PostgresListener` on its poll thread.
final class PostgresHandle {
    private var connection: OpaquePointer?
    let url: PostgresURL
    let logger: Logger

    private init(connection: OpaquePointer, url: PostgresURL, logger: Logger) {
        self.connection = connection
        self.url = url
        self.logger = logger
    }

    deinit { finish() }

    /// Opens a session and sets what result parsing relies on (ISO dates in UTC, hex bytea). Blocks.
    ///
    /// - Throws: `.connectionFailed` when the server cannot be reached or refuses the session.
    static func connect(url: PostgresURL, logger: Logger) throws -> PostgresHandle {
        // Entries before `dbname` are defaults the URL may override; `client_encoding` after it is forced,
        // because every result is decoded as UTF-8.
        let settings = [
            ("connect_timeout", "10"), ("fallback_application_name", "evmhook"), ("dbname", url.string),
            ("client_encoding", "UTF8"),
        ]
        let connection = withCStrings(settings.map(\.0)) { keywords in
            withCStrings(settings.map(\.1)) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else {
            throw PostgresError(.connectionFailed, "libpq could not allocate a connection", context: "\(url)")
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = url.redact(String(cString: PQerrorMessage(connection)))
            PQfinish(connection)
            throw PostgresError(.connectionFailed, message, context: "\(url)")
        }
        let handle = PostgresHandle(connection: connection, url: url, logger: logger)
        PQsetNoticeReceiver(connection, receiveNotice, Unmanaged.passUnretained(handle).toOpaque())
        do {
            try handle.executeScript("SET DateStyle TO ISO; SET TimeZone TO 'UTC'; SET bytea_output TO hex")
        } catch let error as PostgresError {
            throw PostgresError(.connectionFailed, error.message, sqlState: error.sqlState, context: "\(url)")
        }
        return handle
    }

    /// Closes the session. Idempotent.
    func finish() {
        guard let connection else { return }
        PQfinish(connection)
        self.connection = nil
    }

    /// Whether libpq knows the session is gone (`CONNECTION_BAD`), so the next use must reconnect.
    var isBroken: Bool {
        guard let connection else { return true }
        return PQstatus(connection) == CONNECTION_BAD
    }

    /// Whether a transaction block is open (or failed and awaiting ROLLBACK).
    var isInTransaction: Bool {
        guard let connection else { return false }
        let status = PQtransactionStatus(connection)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Whether a statement failed inside the open transaction block, so COMMIT would only roll back.
    var isFailedTransaction: Bool {
        guard let connection else { return false }
        return PQtransactionStatus(connection) == PQTRANS_INERROR
    }

    /// The socket to poll for readability (LISTEN), or -1 when closed.
    var socket: Int32 { connection.map(PQsocket) ?? -1 }

    /// Runs one parameterised statement (`PQexecParams`); results come back in text format.
    func execute(_ sql: String, _ parameters: [PostgresValue]) throws -> PostgresRows {
        let connection = try open()
        var buffer: [UInt8] = []
        var offsets: [Int] = []
        var lengths: [Int32] = []
        for parameter in parameters {
            if case .text(let text) = parameter, text.utf8.contains(0) {
                throw PostgresError(.invalidValue, "a text parameter cannot contain a NUL character")
            }
            offsets.append(buffer.count)
            parameter.appendWireBytes(to: &buffer)
            lengths.append(parameter == .null ? 0 : Int32(buffer.count - offsets[offsets.count - 1]))
            // Text-format parameters are read as C strings.
            if !parameter.isBinary { buffer.append(0) }
        }
        // The trailing byte keeps the buffer non-empty, so its base address exists even for empty values.
        buffer.append(0)
        let types = parameters.map { $0.type.oid }
        let formats = parameters.map { Int32($0.isBinary ? 1 : 0) }
        let result = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                let values: [UnsafePointer<CChar>?] = parameters.indices.map { index in
                    parameters[index] == .null ? nil : chars.baseAddress! + offsets[index]
                }
                return PQexecParams(connection, sql, Int32(parameters.count), types, values, lengths, formats, 0)
            }
        }
        defer { PQclear(result) }
        try check(result, accepting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK])
        return rows(of: result!)
    }

    /// Runs SQL text that may hold several statements and no parameters (`PQexec`): migrations, session setup.
    func executeScript(_ sql: String) throws {
        let result = PQexec(try open(), sql)
        defer { PQclear(result) }
        try check(result, accepting: [PGRES_TUPLES_OK, PGRES_COMMAND_OK])
    }

    /// Runs a `COPY … FROM STDIN`, lets `produce` send the data through the function it is given, and returns
    /// the number of rows copied. If `produce` throws, the COPY is aborted and the error rethrown.
    func copyIn(_ sql: String, produce: (_ send: ([UInt8]) throws -> Void) throws -> Void) throws -> Int {
        let connection = try open()
        let start = PQexec(connection, sql)
        defer { PQclear(start) }
        try check(start, accepting: [PGRES_COPY_IN])
        do {
            try produce { chunk in
                let sent = chunk.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) {
                        PQputCopyData(connection, $0.baseAddress, Int32($0.count))
                    }
                }
                if sent != 1 { try check(nil, accepting: []) }
            }
        } catch {
            PQputCopyEnd(connection, "aborted by the client: \(error)")
            drainResults(connection)
            throw error
        }
        if PQputCopyEnd(connection, nil) != 1 { try check(nil, accepting: []) }
        let end = PQgetResult(connection)
        defer {
            PQclear(end)
            drainResults(connection)
        }
        try check(end, accepting: [PGRES_COMMAND_OK])
        return affectedRows(of: end!) ?? 0
    }

    /// Reads what the server sent without blocking; false when the connection is gone.
    func consumeInput() -> Bool {
        guard let connection else { return false }
        return PQconsumeInput(connection) == 1
    }

    /// The notifications received so far (after `consumeInput()`), oldest first.
    func takeNotifications() -> [PostgresNotification] {
        guard let connection else { return [] }
        var notifications: [PostgresNotification] = []
        while let notify = PQnotifies(connection) {
            notifications.append(
                PostgresNotification(
                    channel: String(cString: notify.pointee.relname),
                    payload: String(cString: notify.pointee.extra),
                    processID: notify.pointee.be_pid
                )
            )
            PQfreemem(notify)
        }
        return notifications
    }

    private func open() throws -> OpaquePointer {
        guard let connection else {
            throw PostgresError(.connectionClosed, "the connection was closed", context: "\(url)")
        }
        return connection
    }

    /// The one place libpq outcomes become errors: a lost session, a server error with SQLSTATE, or a surprise.
    private func check(_ result: OpaquePointer?, accepting statuses: [ExecStatusType]) throws {
        if let result, statuses.contains(PQresultStatus(result)) { return }
        let connection = try open()
        if PQstatus(connection) == CONNECTION_BAD {
            let message = url.redact(String(cString: PQerrorMessage(connection)))
            throw PostgresError(.connectionLost, message, context: "\(url)")
        }
        guard let result else {
            throw PostgresError(.protocolViolation, String(cString: PQerrorMessage(connection)), context: "\(url)")
        }
        let status = PQresultStatus(result)
        guard status == PGRES_FATAL_ERROR || status == PGRES_NONFATAL_ERROR else {
            let name = String(cString: PQresStatus(status))
            throw PostgresError(.protocolViolation, "unexpected result \(name)", context: "\(url)")
        }
        throw PostgresError(
            .server,
            field(result, PGDiagnostic.message) ?? String(cString: PQresultErrorMessage(result)),
            sqlState: field(result, PGDiagnostic.sqlState),
            detail: field(result, PGDiagnostic.detail),
            context: "\(url)"
        )
    }

    /// Copies a result's cells into one buffer (`PostgresRows` outlives the `PGresult`).
    private func rows(of result: OpaquePointer) -> PostgresRows {
        let rowCount = Int(PQntuples(result))
        let columnCount = Int(PQnfields(result))
        let columns = (0..<columnCount).map { column in
            PostgresColumn(
                name: String(cString: PQfname(result, Int32(column))),
                type: PostgresType(oid: PQftype(result, Int32(column)))
            )
        }
        var bytes: [UInt8] = []
        var cells: [Range<Int>?] = []
        cells.reserveCapacity(rowCount * columnCount)
        for row in 0..<Int32(rowCount) {
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) == 1 {
                    cells.append(nil)
                    continue
                }
                let length = Int(PQgetlength(result, row, column))
                let start = bytes.count
                PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
                }
                cells.append(start..<start + length)
            }
        }
        let storage = ResultStorage(columns: columns, rowCount: rowCount, bytes: bytes, cells: cells)
        return PostgresRows(storage: storage, affectedRows: affectedRows(of: result))
    }

    private func affectedRows(of result: OpaquePointer) -> Int? {
        Int(String(cString: PQcmdTuples(result)))
    }

    private func field(_ result: OpaquePointer, _ code: PGDiagnostic) -> String? {
        PQresultErrorField(result, code.rawValue).map { String(cString: $0) }
    }

    /// After a COPY ends, libpq wants `PQgetResult` called until it returns NULL.
    private func drainResults(_ connection: OpaquePointer) {
        while let result = PQgetResult(connection) { PQclear(result) }
    }

    /// Logs a server NOTICE/WARNING at the matching level instead of letting libpq print it to stderr.
    fileprivate func log(notice result: OpaquePointer) {
        let severity = field(result, PGDiagnostic.severity) ?? "NOTICE"
        let level: Logger.Level =
            switch severity {
            case "DEBUG": .debug
            case "LOG", "INFO": .info
            case "WARNING": .warning
            default: .notice
            }
        var metadata: Logger.Metadata = ["postgres.severity": "\(severity)", "postgres.target": "\(url)"]
        if let sqlState = field(result, PGDiagnostic.sqlState) { metadata["postgres.sqlstate"] = "\(sqlState)" }
        let message = field(result, PGDiagnostic.message) ?? ""
        logger.log(level: level, "\(url.redact(message))", metadata: metadata)
    }
}

/// The `PG_DIAG_*` field codes: character macros Swift does not import.
private enum PGDiagnostic: Int32 {
    case severity = 86  // 'V', not localized
    case sqlState = 67  // 'C'
    case message = 77  // 'M'
    case detail = 68  // 'D'
}

/// libpq's notice receiver; `context` is the `PostgresHandle` that owns the connection (and so outlives it).
private func receiveNotice(_ context: UnsafeMutableRawPointer?, _ result: OpaquePointer?) {
    guard let context, let result else { return }
    Unmanaged<PostgresHandle>.fromOpaque(context).takeUnretainedValue().log(notice: result)
}

/// Calls `body` with a C array of C strings that live for the duration of the call.
private func withCStrings<Result>(
    _ strings: [String],
    _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
