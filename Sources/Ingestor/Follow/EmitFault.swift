/// A test-only injection point around the emit step, to prove that a crash there neither loses nor repeats
/// a block. The hook throws to simulate the process dying at that instant: `run()` ends with that error
/// without any cleanup, as `kill -9` would.
///
/// The `XADD`s and the cursor move are one Lua script, so no instant exists between them on the server; the two
/// points are its edges as the process sees them. `afterEmit` is indistinguishable from dying after the script ran
/// but before its reply was read — the case where a non-atomic writer would repeat the block.
public enum EmitFaultPoint: Sendable, Hashable {
    /// The block's logs are fetched; nothing is written yet.
    case beforeEmit
    /// The script committed; the process has not yet noted it.
    case afterEmit
}

/// Called at each `EmitFaultPoint` with the number of the last block of the step.
public typealias EmitFaultHook = @Sendable (EmitFaultPoint, UInt64) async throws -> Void
