import Foundation
import LibPQ
import Logging
import Store
import Threading

/// What the API keeps in memory between requests so that the common request costs no PostgreSQL round trip: live API
/// keys by hash, and endpoints by id.
///
/// Both follow their table's NOTIFY (`evmhook_api_keys`, `evmhook_endpoints`): a key change forgets every key (they
/// change rarely, and are kept by hash, not id); an endpoint change forgets that endpoint. When the listening
/// connection was lost, notifications sent meanwhile are gone, so both caches are cleared on reconnection. This
/// process's own endpoint writes evict before they answer (read-your-writes does not wait for the NOTIFY).
///
/// A revocation waits for every API process (`APIKeyCacheRegistry`): this one confirms each sync it is notified of
/// after emptying its key cache, and refreshes its row every second while it runs.
final class AdminCaches: Sendable {
    let keys: NotifiedCache<String, APIKey>
    let endpoints: NotifiedCache<UUID, CachedEndpoint>
    private let listener: PostgresListener
    private let registration: Registration
    private let tasks: [Task<Void, Never>]

    /// This process in `api_key_caches`: its id and the last sync it applied.
    private struct Registration: Sendable {
        let id = UUID()
        let schema: String
        let applied = Guarded<Int64>(0)
        let pool: PostgresPool
        let logger: Logger

        var registry: APIKeyCacheRegistry { APIKeyCacheRegistry(connection: pool.connection()) }

        /// Empties `keys` after reading the latest sync, then records that sync as applied: every revocation
        /// committed before it started is now refused here.
        func resynchronize(_ keys: NotifiedCache<String, APIKey>) async throws {
            let latest = try await registry.latestSync()
            keys.clear()
            try await confirm(latest)
        }

        /// Records `sync` as applied (and this process as alive).
        func confirm(_ sync: Int64) async throws {
            let applied = self.applied.withLock { applied in
                applied = max(applied, sync)
                return applied
            }
            try await registry.confirm(id, sync: applied)
        }

        /// The sync a notification's payload (`sync <schema> <n>`) starts in this process's schema, if it is one.
        func sync(in payload: String) -> Int64? {
            let words = payload.split(separator: " ", omittingEmptySubsequences: false)
            guard words.count >= 3, words[0] == APIKeyCacheRegistry.syncPrefix,
                words.dropFirst().dropLast().joined(separator: " ") == schema
            else { return nil }
            return Int64(words[words.count - 1])
        }
    }

    private init(
        keys: NotifiedCache<String, APIKey>, endpoints: NotifiedCache<UUID, CachedEndpoint>, listener: PostgresListener,
        registration: Registration, tasks: [Task<Void, Never>]
    ) {
        self.keys = keys
        self.endpoints = endpoints
        self.listener = listener
        self.registration = registration
        self.tasks = tasks
    }

    /// Starts listening and registers this process; returns once notifications are received (nothing is cached
    /// before: a change committed before the LISTEN is in any row read after it).
    ///
    /// - Throws: `PostgresError` when the database cannot be reached.
    static func start(databaseURL: String, pool: PostgresPool, logger: Logger) async throws -> AdminCaches {
        let listener = try await PostgresListener.start(
            url: databaseURL, channels: [APIKeyStore.notificationChannel, EndpointStore.notificationChannel],
            logger: logger)
        let keys = NotifiedCache<String, APIKey>(capacity: 10_000)
        let endpoints = NotifiedCache<UUID, CachedEndpoint>(capacity: 100_000)
        let registration: Registration
        do {
            registration = Registration(
                schema: try await APIKeyCacheRegistry(connection: pool.connection()).schema(), pool: pool,
                logger: logger)
            try await registration.resynchronize(keys)
        } catch {
            listener.stop()
            throw error
        }
        let follower = Task {
            for await event in listener.events {
                switch event {
                case .notification(let notification) where notification.channel == EndpointStore.notificationChannel:
                    if let id = UUID(uuidString: notification.payload) {
                        endpoints.evict(id)
                    } else {
                        endpoints.clear()
                    }
                case .notification(let notification):
                    keys.clear()
                    guard let sync = registration.sync(in: notification.payload) else { continue }
                    do {
                        try await registration.confirm(sync)
                    } catch {
                        // The heartbeat confirms it once the database answers.
                        logger.warning("could not confirm an API key sync", metadata: ["error": "\(error)"])
                    }
                case .reconnected:
                    logger.notice("admin API notifications resumed; forgetting cached keys and endpoints")
                    endpoints.clear()
                    do {
                        try await registration.resynchronize(keys)
                    } catch {
                        keys.clear()
                        logger.warning("could not confirm an API key sync", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                do {
                    try await registration.confirm(0)
                } catch {
                    logger.debug("could not refresh this API's key cache row", metadata: ["error": "\(error)"])
                }
            }
        }
        return AdminCaches(
            keys: keys, endpoints: endpoints, listener: listener, registration: registration,
            tasks: [follower, heartbeat])
    }

    /// Stops listening and unregisters.
    func stop() async {
        listener.stop()
        for task in tasks {
            task.cancel()
            await task.value
        }
        do {
            try await registration.registry.unregister(registration.id)
        } catch {
            registration.logger.debug(
                "could not unregister this API's key cache row", metadata: ["error": "\(error)"])
        }
    }
}
