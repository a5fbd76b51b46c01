public import Foundation
import Migrations

/// One schema change: a `migrations/NNNN_description.sql` file, applied once, in its own transaction.
public struct Migration: Sendable, Hashable {
    /// The file name without `.sql` (`0001_endpoints`): the order and the key in `schema_migrations`.
    public let version: String
    /// The file's SQL, any number of statements.
    public let sql: String

    /// A migration from its version and SQL; the version must start with digits and an underscore.
    public init(version: String, sql: String) throws {
        guard let underscore = version.firstIndex(of: "_"), underscore > version.startIndex,
            version[..<underscore].allSatisfy(\.isASCIIDigitCharacter),
            version.index(after: underscore) < version.endIndex
        else {
            throw MigrationError(.invalidName, "\(version).sql: name migrations NNNN_description.sql", version: version)
        }
        self.version = version
        self.sql = sql
    }

    /// The repository's `migrations/*.sql` as compiled into this binary, sorted by name.
    public static func embedded() throws -> [Migration] {
        try EmbeddedMigrations.files.sorted { $0.name < $1.name }.map { file in
            try Migration(
                version: String(file.name.dropLast(".sql".count)), sql: String(decoding: file.sql, as: UTF8.self))
        }
    }

    /// Every `*.sql` file of `directory`, sorted by name; other files (a README) are ignored.
    ///
    /// - Throws: `MigrationError` coded `.unreadableDirectory` or `.invalidName`.
    public static func load(from directory: URL) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw MigrationError(.unreadableDirectory, "cannot read migrations directory \(directory.path)")
        }
        return try names.filter { $0.hasSuffix(".sql") }.sorted().map { name in
            let file = directory.appendingPathComponent(name)
            let sql: String
            do {
                sql = try String(contentsOf: file, encoding: .utf8)
            } catch {
                throw MigrationError(.unreadableDirectory, "cannot read \(file.path) as UTF-8 text")
            }
            return try Migration(version: String(name.dropLast(".sql".count)), sql: sql)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
