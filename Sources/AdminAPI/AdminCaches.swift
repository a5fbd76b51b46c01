import Foundation
import LibPQ
import Logging
import Store

/// What the API keeps in memory between requests so that the common request costs no PostgreSQL round trip: live API
/// keys by hash, and endpoints by id.
///
/// Both follow their table's NOTIFY (`evmhook_api_keys`, `evmhook_endpoints`): a key change forgets every key (they
/// change rarely, and are kept by hash, not id); an endpoint change forgets that endpoint. When the listening
/// connection was lost, notifications sent meanwhile are gone, so both caches are cleared on reconnection. This
/// process's own endpoint writes evict before they answer (read-your-writes does not wait for the NOTIFY).
final class AdminCaches: Sendable {
    let keys: NotifiedCache<String, APIKey>
    let endpoints: NotifiedCache<UUID, Endpoint>
    private let listener: PostgresListener
    private let follower: Task<Void, Never>

    private init(
        keys: NotifiedCache<String, APIKey>, endpoints: NotifiedCache<UUID, Endpoint>, listener: PostgresListener,
        follower: Task<Void, Never>
    ) {
        self.keys = keys
        self.endpoints = endpoints
        self.listener = listener
        self.follower = follower
    }

    /// Starts listening; returns once notifications are received (nothing is cached before: a change committed
    /// before the LISTEN is in any row read after it).
    ///
    /// - Throws: `PostgresError` when the database cannot be reached.
    static func start(databaseURL: String, logger: Logger) async throws -> AdminCaches {
        let listener = try await PostgresListener.start(
            url: databaseURL, channels: [APIKeyStore.notificationChannel, EndpointStore.notificationChannel],
            logger: logger)
        let keys = NotifiedCache<String, APIKey>(capacity: 10_000)
        let endpoints = NotifiedCache<UUID, Endpoint>(capacity: 100_000)
        let follower = Task {
            for await event in listener.events {
                switch event {
                case .notification(let notification) where notification.channel == EndpointStore.notificationChannel:
                    if let id = UUID(uuidString: notification.payload) {
                        endpoints.evict(id)
                    } else {
                        endpoints.clear()
                    }
                case .notification:
                    keys.clear()
                case .reconnected:
                    logger.notice("admin API notifications resumed; forgetting cached keys and endpoints")
                    keys.clear()
                    endpoints.clear()
                }
            }
        }
        return AdminCaches(keys: keys, endpoints: endpoints, listener: listener, follower: follower)
    }

    /// Stops listening.
    func stop() async {
        listener.stop()
        await follower.value
    }
}
