public import Hiredis
public import Logging

/// The Ingestor service: follows one chain's node and appends its logs to the evmhook stream, gap-free across
/// restarts, dropped sockets and reorgs, as the lease holder among any number of standbys.
///
/// `run()` returns after a graceful stop (cancel its task: SIGTERM in the CLI); it throws `IngestorError` for
/// configuration it cannot work with (wrong chain), and whatever a `faultHook` throws.
public final class Ingestor: Sendable {
    public let configuration: Configuration
    let redis: RedisConnection
    let logger: Logger

    public init(configuration: Configuration, redis: RedisConnection, logger: Logger) {
        self.configuration = configuration
        self.redis = redis
        self.logger = logger
    }

    /// Holds the lease and follows the chain until cancelled; while another process holds the lease, waits as
    /// a standby. The chain id comes from the node when none is configured.
    public func run() async throws {
        let chainID = try await resolveChainID()
        var logger = logger
        logger[metadataKey: "chain.id"] = "\(chainID)"
        let lease = LeaderLease(
            redis: redis, keys: configuration.keys, chainID: chainID, holder: configuration.holder,
            duration: configuration.leaseDuration)
        var announcedStandby = false
        while !Task.isCancelled {
            let taken: String?
            do {
                taken = try await lease.tryAcquire()
            } catch let error as RedisError {
                // Redis restarting is no reason to exit: the connection reconnects on the next try.
                logger.warning("cannot reach Redis for the lease; retrying", metadata: ["error": "\(error)"])
                do { try await Task.sleep(for: configuration.leaseDuration / 4) } catch { return }
                continue
            }
            guard let value = taken else {
                if !announcedStandby { logger.info("standing by: another ingestor holds the lease") }
                announcedStandby = true
                do { try await Task.sleep(for: configuration.leaseDuration / 4) } catch { return }
                continue
            }
            announcedStandby = false
            logger.info("lease acquired", metadata: ["lease": "\(value)"])
            do {
                try await lead(chainID: chainID, lease: lease, value: value, logger: logger)
                try? await lease.release(value)
                return
            } catch is CancellationError {
                try? await lease.release(value)
                return
            } catch is LeaseLost {
                logger.warning("lease lost: standing by")
            } catch let refusal as IngestLedger.Refusal where refusal.fenced {
                logger.warning("lease lost (fenced write refused): standing by")
            }
        }
    }

    /// Asks the node once, at start: a node that cannot be reached now is a configuration error (exit 2).
    private func resolveChainID() async throws -> UInt64 {
        let connection: any NodeConnection
        do {
            connection = try await NodeConnector.open(
                configuration.rpcURL, timeout: configuration.callTimeout, logger: logger)
        } catch {
            throw IngestorError(.unreachable, "cannot reach the node at EVMHOOK_RPC_URL: \(error)")
        }
        let node = NodeClient(connection: connection, logger: logger, timeout: configuration.callTimeout)
        let reported: UInt64
        do {
            reported = try await node.chainID()
        } catch {
            await connection.close()
            throw IngestorError(.unreachable, "the node at EVMHOOK_RPC_URL does not answer eth_chainId: \(error)")
        }
        await connection.close()
        if let expected = configuration.expectedChainID, expected != reported {
            throw IngestorError(
                .wrongChain, "the node reports chain id \(reported) but EVMHOOK_CHAIN_ID is \(expected)")
        }
        return reported
    }

    /// Follows while renewing the lease; ends when cancelled, throws `LeaseLost` when a renewal finds it gone.
    private func lead(chainID: UInt64, lease: LeaderLease, value: String, logger: Logger) async throws {
        let ledger = IngestLedger(
            redis: redis, keys: configuration.keys, chainID: chainID, windowSize: configuration.windowSize,
            seenTTLSeconds: configuration.seenTTLSeconds, metrics: IngestMetrics(chainID: chainID))
        let configuration = configuration
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let follower = HeadFollower(
                    configuration: configuration, chainID: chainID, leaseValue: value, ledger: ledger, logger: logger)
                try await follower.run()
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: lease.duration / 3)
                    do {
                        guard try await lease.renew(value) else { throw LeaseLost() }
                    } catch is LeaseLost {
                        throw LeaseLost()
                    } catch {
                        logger.warning("lease renewal failed; retrying", metadata: ["error": "\(error)"])
                    }
                }
            }
            // The follower ends first on a graceful stop; either ending or throwing ends the renewals.
            defer { group.cancelAll() }
            do {
                try await group.next()
            } catch is LeaseLost {
                // The follower may have failed for a reason of its own meanwhile (a bad chain, a fault hook's crash):
                // that one must not be lost behind the lease, or the caller would take the lease again and go on.
                group.cancelAll()
                let followerFailure: (any Error)?
                do {
                    try await group.next()
                    followerFailure = nil
                } catch {
                    followerFailure = error
                }
                if let followerFailure, !(followerFailure is CancellationError),
                    (followerFailure as? IngestLedger.Refusal)?.fenced != true
                {
                    throw followerFailure
                }
                throw LeaseLost()
            }
        }
    }
}

/// A renewal found the lease held by someone else (or expired).
struct LeaseLost: Error {}
