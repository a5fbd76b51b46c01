import Foundation
import Store
import TestSupport
import Testing

@Suite("Migration.load (files only)")
struct MigrationLoadingTests {
    @Test func loadsSqlFilesSortedByNameAndIgnoresOthers() throws {
        let directory = try MigrationsDirectory([
            "0002_second.sql": "SELECT 2;", "0010_tenth.sql": "SELECT 10;", "0001_first.sql": "SELECT 1;",
            "README.md": "not SQL",
        ])
        let migrations = try Migration.load(from: directory.url)
        #expect(migrations.map(\.version) == ["0001_first", "0002_second", "0010_tenth"])
        #expect(migrations.first?.sql == "SELECT 1;")
    }

    @Test(arguments: ["first.sql", "_x.sql", "0001.sql", "0001_.sql", "v1_x.sql"])
    func refusesNamesWithoutNumberAndDescription(name: String) throws {
        let directory = try MigrationsDirectory([name: "SELECT 1;"])
        let error = try #require(throws: MigrationError.self) { try Migration.load(from: directory.url) }
        #expect(error.code == .invalidName)
    }

    @Test func missingDirectoryIsUnreadable() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/\(TestEnvironment.uniqueName("migrations"))")
        let error = try #require(throws: MigrationError.self) { try Migration.load(from: missing) }
        #expect(error.code == .unreadableDirectory)
        #expect(error.description.contains(missing.path))
    }
}
