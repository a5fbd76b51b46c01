import Foundation

/// Runs a server's control program (`initdb`, `pg_ctl`, `redis-server --daemonize`) to completion.
///
/// Not `Foundation.Process`: its termination handler never fired for `pg_ctl start` (the runuser child stayed a
/// zombie while the server `pg_ctl` leaves behind ran on). Here the child is spawned with its output in `log` and
/// reaped with a blocking `waitpid` on a thread of its own, never on the cooperative pool.
enum ProgramRunner {
    /// Runs `argv` (searched on PATH) with stdin from /dev/null and stdout+stderr into `log`; returns its status.
    static func run(_ argv: [String], log: URL) async throws -> Int32 {
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Ignored signals and the signal mask survive exec: a server started after evmhook began ignoring SIGTERM
        // (to handle it itself) would ignore it too and never stop. Give the child the defaults back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, cArguments[0]!, &actions, &attributes, cArguments, environ)
        guard spawned == 0 else {
            throw LocalServerError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        let child = pid
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }.start()
        }
    }

    /// `argv` as the `postgres` user when running as root (PostgreSQL's programs refuse root), else unchanged.
    static func asPostgresUser(_ argv: [String]) -> [String] {
        getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + argv : argv
    }
}
