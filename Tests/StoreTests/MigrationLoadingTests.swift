import Foundation
import Store
import TestSupport
import Testing

@Suite("Migration.load and Migration.embedded (files only)")
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

    /// The SQL built into the binary is the repository's `migrations/*.sql`, every file and byte: a file added there
    /// but not to the `Migrations` target (or changed after building) fails here.
    @Test func theBuiltInMigrationsAreExactlyTheRepositorysFiles() throws {
        let files = try Migration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
        let embedded = try Migration.embedded()
        #expect(embedded.map(\.version) == files.map(\.version))
        #expect(embedded == files)
        #expect(!embedded.isEmpty)
    }

    @Test func missingDirectoryIsUnreadable() throws {
        let missing = URL(fileURLWithPath: "/nonexistent/\(TestEnvironment.uniqueName("migrations"))")
        let error = try #require(throws: MigrationError.self) { try Migration.load(from: missing) }
        #expect(error.code == .unreadableDirectory)
        #expect(error.description.contains(missing.path))
    }
}
