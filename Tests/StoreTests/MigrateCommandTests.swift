import Foundation
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
            let first = try await Evmhook.run(["migrate", "--database-url", url, "--migrations", directory.url.path])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "applied 0001_create\napplied 0002_seed\n")

            let second = try await Evmhook.run(["migrate", "--database-url", url, "--migrations", directory.url.path])
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout == "nothing to apply\n")
        }
    }

    @Test func environmentConfiguresAndFlagsOverrideIt() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.files)
            let fromEnvironment = try await Evmhook.run(
                ["migrate"],
                environment: ["EVMHOOK_DATABASE_URL": url, "EVMHOOK_MIGRATIONS_DIR": directory.url.path]
            )
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
            #expect(fromEnvironment.stdout == "applied 0001_create\napplied 0002_seed\n")

            // The environment names an unreachable server and an empty directory; the flags win.
            try directory.add("0003_more.sql", "INSERT INTO items VALUES (2);")
            let overridden = try await Evmhook.run(
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

    @Test func unreachableDatabaseIsOneLineAndExitCode1() async throws {
        let directory = try MigrationsDirectory(Self.files)
        let result = try await Evmhook.run([
            "migrate", "--database-url", "postgres://evm:hunter2pw@127.0.0.1:\(try FreePort.next())/evmhook",
            "--migrations", directory.url.path,
        ])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("connectionFailed"))
        #expect(!result.stderr.contains("hunter2pw"))
    }

    @Test(arguments: [
        ["--database-url", "mysql://127.0.0.1/evmhook"], ["--database-url", "postgres://127.0.0.1:70000/evmhook"],
    ])
    func badURLIsExitCode2(arguments: [String]) async throws {
        let directory = try MigrationsDirectory(Self.files)
        let result = try await Evmhook.run(["migrate", "--migrations", directory.url.path] + arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--database-url"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    }

    @Test func missingMigrationsDirectoryIsExitCode2() async throws {
        let result = try await Evmhook.run([
            "migrate", "--database-url", try TestEnvironment.databaseURL(), "--migrations", "/nonexistent/migrations",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/migrations"))
    }

    @Test func failingMigrationIsExitCode1AfterPrintingWhatApplied() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory([
                "0001_create.sql": "CREATE TABLE items (id int4 PRIMARY KEY);",
                "0002_broken.sql": "INSERT INTO nowhere VALUES (1);",
            ])
            let result = try await Evmhook.run(["migrate", "--database-url", url, "--migrations", directory.url.path])
            #expect(result.status == 1)
            #expect(result.stdout == "applied 0001_create\n")
            #expect(result.stderr.contains("0002_broken"))
            #expect(result.stderr.contains("42P01"))
        }
    }
}

/// Runs the `evmhook` binary built next to the test bundle.
enum Evmhook {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `evmhook arguments…` with only `environment` (plus PATH and HOME) and waits for it to end.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let binary = try executable()
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("cli"))
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: output) }
        let stdoutFile = output.appendingPathComponent("stdout")
        let stderrFile = output.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let inherited = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        process.environment = inherited.merging(environment) { $1 }
        // Files rather than pipes: nothing to drain while waiting, whatever the child prints.
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status,
            stdout: try String(contentsOf: stdoutFile, encoding: .utf8),
            stderr: try String(contentsOf: stderrFile, encoding: .utf8)
        )
    }

    /// `.build/<triple>/debug/evmhook`, beside this test executable.
    private static func executable() throws -> URL {
        let tests = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        let binary = tests.deletingLastPathComponent().appendingPathComponent("evmhook")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Missing(description: "\(binary.path) is missing: run `swift build --build-tests` first")
        }
        return binary
    }
}
