import Foundation
import Threading

/// Lets task cancellation wake a command blocked in `read(2)` on the connection's own thread.
///
/// hiredis has no way to abort a blocking call, but `shutdown(2)` on its socket from another thread makes the
/// read return at once. The socket is only closed on the connection's thread, and only outside the armed window,
/// so `interrupt()` never touches a descriptor number that was closed and reused.
final class BlockedReadInterrupter: Sendable {
    private struct State {
        var descriptor: Int32 = -1
        var fired = false
    }

    private let state = Guarded(State())

    /// Allows `interrupt()` to shut `descriptor` down until `disarm()`.
    func arm(descriptor: Int32) {
        state.withLock { $0 = State(descriptor: descriptor, fired: false) }
    }

    /// Closes the window; returns whether `interrupt()` shut the socket down meanwhile (it is then unusable).
    func disarm() -> Bool {
        state.withLock { state in
            defer { state = State() }
            return state.fired
        }
    }

    /// Called from the cancelling thread: shuts the armed socket down so the blocked read returns.
    func interrupt() {
        state.withLock { state in
            guard state.descriptor >= 0, !state.fired else { return }
            _ = shutdown(state.descriptor, Int32(SHUT_RDWR))
            state.fired = true
        }
    }
}
