import CSpawn
public import Foundation

/// A child process started with `posix_spawn` and reaped by a thread of its own.
///
/// Not `Foundation.Process`: in Swift 6.3.1 its `run()` lists /proc/self/fd with a copy that reads past the end of
/// glibc's directory buffer (swiftlang/swift-corelibs-foundation#5472), which crashed a test process holding ~1,300
/// descriptors; and its termination handler never fired for `pg_ctl start`. Here the child closes every inherited
/// descriptor above stderr (`closefrom`), gets the default signal dispositions back, and its end is observed by a
/// blocking `waitid` on a dedicated thread, never on the cooperative pool.
public final class SpawnedProcess: @unchecked Sendable {
    // `@unchecked`: `termination` and `waiters` are guarded by `lock`; everything else is set once in init.

    /// Where a standard stream of the child goes.
    public enum Stream: Sendable, Equatable {
        /// The parent's own descriptor.
        case inherit
        /// /dev/null.
        case null
        /// A file, created or truncated for output, read for input.
        case file(String)
        /// A pipe whose other end the parent reads (`output`); only for stdout.
        case pipe
        /// Wherever stdout goes; only for stderr.
        case stdout
    }

    /// How the child ended.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signalled(Int32)

        /// The exit code, or the signal's number for a child ended by a signal.
        public var status: Int32 {
            switch self {
            case .exited(let code), .signalled(let code): code
            }
        }
    }

    public let processIdentifier: Int32
    /// The read end of the child's stdout when it was spawned with `stdout: .pipe`.
    public let output: FileHandle?

    private let lock = NSCondition()
    private var termination: Termination?
    private var waiters: [CheckedContinuation<Termination, Never>] = []

    /// Starts `argv` (the program searched on PATH unless it contains a slash). `environment` nil inherits this
    /// process's environment; `directory` nil keeps its working directory.
    public init(
        _ argv: [String], environment: [String: String]? = nil, directory: String? = nil,
        stdin: Stream = .null, stdout: Stream = .inherit, stderr: Stream = .inherit
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let directory { try Self.check(evm_spawn_addchdir(&actions, directory), "chdir \(directory)") }
        try Self.redirect(0, to: stdin, flags: O_RDONLY, &actions)
        let pipe = stdout == .pipe ? try Self.makePipe() : nil
        if let pipe {
            posix_spawn_file_actions_adddup2(&actions, pipe.write, 1)
        } else {
            try Self.redirect(1, to: stdout, flags: O_WRONLY | O_CREAT | O_TRUNC, &actions)
        }
        if stderr == .stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            try Self.redirect(2, to: stderr, flags: O_WRONLY | O_CREAT | O_TRUNC, &actions)
        }
        try Self.check(evm_spawn_addclosefrom(&actions, 3), "closefrom")

        // Ignored signals and the signal mask survive exec: a child started after evmhook began ignoring SIGTERM
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

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let cEnvironment = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { cEnvironment?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned =
            cEnvironment.map { posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, $0) }
            ?? posix_spawnp(&pid, argv[0], &actions, &attributes, cArguments, environ)
        if let pipe { close(pipe.write) }
        guard spawned == 0 else {
            if let pipe { close(pipe.read) }
            throw LocalServerError("cannot start \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        processIdentifier = pid
        output = pipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        Thread { [self] in reap() }.start()
    }

    /// How the child ended, or nil while it runs.
    public var ended: Termination? { lock.withLock { termination } }

    /// Sends `signal` unless the child has ended (its pid may then belong to another process).
    public func send(_ signal: Int32) {
        lock.withLock {
            if termination == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Waits for the child to end, without holding a thread.
    public func waitForExit() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended: Termination? = lock.withLock {
                if termination == nil { waiters.append(continuation) }
                return termination
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Waits for the child to end, blocking this thread: for `deinit`s, which cannot suspend.
    public func waitForExitBlocking() -> Termination {
        lock.lock()
        defer { lock.unlock() }
        while termination == nil { lock.wait() }
        return termination!
    }

    /// Waits without reaping (`WNOWAIT`), records the end under the lock, and only then reaps: until then the pid
    /// stays a zombie, so `send` can never signal a process that reused it.
    private func reap() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(processIdentifier), &info, WEXITED | WNOWAIT) == -1 && errno == EINTR {}
        let code = info._sifields._sigchld.si_status
        let ended: Termination = info.si_code == CLD_EXITED ? .exited(code) : .signalled(code)
        let resumed: [CheckedContinuation<Termination, Never>] = lock.withLock {
            termination = ended
            var status: Int32 = 0
            while waitpid(processIdentifier, &status, 0) == -1 && errno == EINTR {}
            lock.broadcast()
            defer { waiters = [] }
            return waiters
        }
        for waiter in resumed { waiter.resume(returning: ended) }
    }

    private static func redirect(
        _ descriptor: Int32, to stream: Stream, flags: Int32, _ actions: inout posix_spawn_file_actions_t
    ) throws {
        switch stream {
        case .inherit: return
        case .null:
            try check(posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", flags, 0), "/dev/null")
        case .file(let path):
            try check(posix_spawn_file_actions_addopen(&actions, descriptor, path, flags, 0o644), path)
        case .pipe, .stdout: throw LocalServerError("descriptor \(descriptor) cannot be redirected to \(stream)")
        }
    }

    /// A pipe for the child's stdout. No `O_CLOEXEC` needed: every child spawned here closes what it inherits above
    /// stderr, so the read end never leaks into one.
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else {
            throw LocalServerError("pipe: \(String(cString: strerror(errno)))")
        }
        return (ends[0], ends[1])
    }

    private static func check(_ result: Int32, _ what: String) throws {
        guard result == 0 else { throw LocalServerError("spawn action \(what): \(String(cString: strerror(result)))") }
    }
}
