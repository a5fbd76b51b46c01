import Foundation
import Store
import TestSupport
import Testing

/// `evmhook migrate` as users run it: the built binary as a child process.
@Suite("evmhook migrate (the binary)")
struct MigrateCommandTests {
    static let files = [
        "0001_create.sql": "CREATE TABLE items (id int4 PRIMARY KEY);",
        "0002_seed.sql": "INSERT INTO items VALUES (1);",
    ]

    @Test func printsEachAppliedMigrationThenNothingToApply() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.files)
            let first = try await EvmhookBinary.run([
                "migrate", "--database-url", url, "--migrations", directory.url.path,
            ])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "applied 0001_create\napplied 0002_seed\n")

            let second = try await EvmhookBinary.run([
                "migrate", "--database-url", url, "--migrations", directory.url.path,
            ])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout == "nothing to apply\n")
        }
    }

    /// Without `--migrations` or `EVMHOOK_MIGRATIONS_DIR`, the SQL built into the binary applies, wherever it runs
    /// (here from an empty directory, as an installed binary would).
    @Test func withoutADirectoryTheBuiltInMigrationsApply() async throws {
        try await withTestSchema { _, url in
            let elsewhere = try MigrationsDirectory([:])
            let run = try await ProgramRun.run(
                try EvmhookBinary.executable(), ["migrate", "--database-url", url], directory: elsewhere.url)
            #expect(run.status == 0, "\(run.stderr)")
            let versions = try Migration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
                .map(\.version)
            #expect(run.stdout == versions.map { "applied \($0)\n" }.joined())
        }
    }

    @Test func environmentConfiguresAndFlagsOverrideIt() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.files)
            let fromEnvironment = try await EvmhookBinary.run(
                ["migrate"],
                environment: ["EVMHOOK_DATABASE_URL": url, "EVMHOOK_MIGRATIONS_DIR": directory.url.path]
            )
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
            #expect(fromEnvironment.stdout == "applied 0001_create\napplied 0002_seed\n")

            // The environment names an unreachable server and an empty directory; the flags win.
            try directory.add("0003_more.sql", "INSERT INTO items VALUES (2);")
            let overridden = try await EvmhookBinary.run(
                ["migrate", "--database-url", url, "--migrations", directory.url.path],
                environment: [
                    "EVMHOOK_DATABASE_URL": "postgres://127.0.0.1:\(try FreePort.next())/nowhere",
                    "EVMHOOK_MIGRATIONS_DIR": "/nonexistent",
                ]
            )
            #expect(overridden.status == 0, "\(overridden.stderr)")
            #expect(overridden.stdout == "applied 0003_more\n")
        }
    }

    /// CONTRACT.md, "Errors users see": an unreachable database is a configuration error, exit 2.
    @Test func unreachableDatabaseIsOneLineNamingTheSettingAndExitCode2() async throws {
        let directory = try MigrationsDirectory(Self.files)
        let result = try await EvmhookBinary.run([
            "migrate", "--database-url", "postgres://evm:hunter2pw@127.0.0.1:\(try FreePort.next())/evmhook",
            "--migrations", directory.url.path,
        ])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("EVMHOOK_DATABASE_URL"))
        #expect(!result.stderr.contains("hunter2pw"))
    }

    @Test(arguments: [
        ["--database-url", "mysql://127.0.0.1/evmhook"], ["--database-url", "postgres://127.0.0.1:70000/evmhook"],
    ])
    func badURLIsExitCode2(arguments: [String]) async throws {
        let directory = try MigrationsDirectory(Self.files)
        let result = try await EvmhookBinary.run(["migrate", "--migrations", directory.url.path] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--database-url"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func missingMigrationsDirectoryIsExitCode2() async throws {
        let result = try await EvmhookBinary.run([
            "migrate", "--database-url", try TestEnvironment.databaseURL(), "--migrations", "/nonexistent/migrations",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/migrations"))
    }

    /// An empty path (an unset shell variable passed as the flag) or a directory without SQL is a wrong setting, not
    /// "nothing to apply".
    @Test func anEmptyPathOrADirectoryWithoutSQLIsExitCode2() async throws {
        let withoutSQL = try MigrationsDirectory(["README.md": "no SQL here"])
        for directory in ["", withoutSQL.url.path] {
            let result = try await ProgramRun.run(
                try EvmhookBinary.executable(),
                ["migrate", "--database-url", try TestEnvironment.databaseURL(), "--migrations", directory],
                directory: withoutSQL.url)
            #expect(result.status == 2, "'\(directory)': \(result.stdout)")
            #expect(result.stderr.contains("--migrations"), "\(result.stderr)")
        }
    }

    @Test func failingMigrationIsExitCode1AfterPrintingWhatApplied() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory([
                "0001_create.sql": "CREATE TABLE items (id int4 PRIMARY KEY);",
                "0002_broken.sql": "INSERT INTO nowhere VALUES (1);",
            ])
            let result = try await EvmhookBinary.run([
                "migrate", "--database-url", url, "--migrations", directory.url.path,
            ])
            #expect(result.status == 1)
            #expect(result.stdout == "applied 0001_create\n")
            #expect(result.stderr.contains("0002_broken"))
            #expect(result.stderr.contains("42P01"))
        }
    }
}
