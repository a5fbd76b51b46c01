import Foundation
import TestSupport

/// A temporary migrations directory holding the given files, deleted when released.
final class MigrationsDirectory {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("migrations"))
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, sql) in files { try add(name, sql) }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Adds (or replaces) a file.
    func add(_ name: String, _ sql: String) throws {
        try sql.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}
