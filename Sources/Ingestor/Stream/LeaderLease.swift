import Hiredis
import Pipeline

/// The lease that makes one of several `evmhook ingest` for a chain the writer (hot standby).
///
/// The value is `holder token`, the token from a counter that only grows, and every ledger script compares the
/// whole value: a leader paused past its lease (GC, SIGSTOP, a partition) finds the value changed when it wakes
/// and cannot write, even if its renewal races the new leader's acquisition.
struct LeaderLease: Sendable {
    let redis: RedisConnection
    let keys: RedisKeys
    let chainID: UInt64
    /// Who holds it, for operators reading `GET`: host and process id.
    let holder: String
    /// Lease lifetime; the leader renews at a third of it, a standby tries at a quarter, so a standby takes over
    /// within 1.25× of it after the leader dies.
    let duration: Duration

    /// The lifetime for `PX`.
    var milliseconds: String { String(Int64(duration / .milliseconds(1))) }

    /// The lease value when this call took the lease, nil when another holder has it.
    func tryAcquire() async throws -> String? {
        let reply = try await redis.evaluate(
            LedgerScripts.acquire,
            keys: [RedisArgument(keys.lease(chain: chainID)), RedisArgument(keys.leaseFence(chain: chainID))],
            arguments: [RedisArgument(holder), RedisArgument(milliseconds)])
        return reply.string
    }

    /// Extends the lease; false when it is no longer held with `value`.
    func renew(_ value: String) async throws -> Bool {
        let reply = try await redis.evaluate(
            LedgerScripts.renew, keys: [RedisArgument(keys.lease(chain: chainID))],
            arguments: [RedisArgument(value), RedisArgument(milliseconds)])
        return reply.int == 1
    }

    /// Gives the lease up at a graceful stop, so a standby need not wait for it to expire.
    func release(_ value: String) async throws {
        _ = try await redis.evaluate(
            LedgerScripts.release, keys: [RedisArgument(keys.lease(chain: chainID))],
            arguments: [RedisArgument(value)])
    }
}
