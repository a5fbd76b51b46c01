import Foundation

/// Whether a process this one did not start (the daemonized Redis) still runs.
enum ProcessLiveness {
    /// True while `pid` exists and has not exited. An exited process that its parent has not reaped yet (a zombie)
    /// counts as gone: it has written what it had to and closed its files and sockets. The daemonized Redis is a
    /// child of PID 1, and a PID 1 that reaps late kept `kill(pid, 0)` succeeding after Redis had exited: 1.8 s per
    /// `evmhook dev` exit on the development machine, up to the 10 s bound where nothing reaps at all (`docker run`
    /// without `--init`, with evmhook as PID 1).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        #if os(Linux)
            // "pid (comm) S …": the state follows the last ')', as comm may itself contain one.
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return true }
            return stat[stat.index(after: end)...].dropFirst().first != "Z"
        #else
            return true
        #endif
    }
}
