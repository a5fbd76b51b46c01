import Foundation

/// Runs a server's control program (`initdb`, `pg_ctl`, `redis-server --daemonize`) to completion.
enum ProgramRunner {
    /// Runs `argv` (searched on PATH) with stdin from /dev/null and stdout+stderr into `log`; returns its exit
    /// status (or the number of the signal that ended it).
    static func run(_ argv: [String], log: URL) async throws -> Int32 {
        let child = try SpawnedProcess(argv, stdout: .file(log.path), stderr: .stdout)
        return await child.waitForExit().status
    }

    /// `argv` as the `postgres` user when running as root (PostgreSQL's programs refuse root), else unchanged.
    static func asPostgresUser(_ argv: [String]) -> [String] {
        getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + argv : argv
    }
}
