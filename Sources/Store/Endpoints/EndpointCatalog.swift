public import Foundation
import LibPQ
public import Logging
import Threading

/// Every endpoint, in memory, kept current from PostgreSQL: loaded at start, reloaded one by one on the
/// `evmhook_endpoints` NOTIFY, and wholesale after the listening connection was lost (notifications sent meanwhile
/// are gone). The Processor matches against it; Delivery looks endpoints up in it.
///
/// Reloads are coalesced: a burst of notifications (a script adding 10,000 endpoints) becomes a few queries of many
/// ids each. A reload that fails (PostgreSQL down) is retried with backoff as a full reload, so a change is never
/// lost, only late.
public final class EndpointCatalog: Sendable {
    /// What changed, in the order it was applied; `changes` has a single consumer.
    public enum Change: Sendable, Hashable {
        /// Everything was (re)loaded: this is the whole catalog now.
        case reloaded([Endpoint])
        /// Added or changed (including enabled/disabled).
        case updated(Endpoint)
        /// Deleted (or never existed in this database: notifications are per database, not per schema).
        case removed(UUID)
    }

    /// The changes since `start`, beginning with the initial `.reloaded`.
    public let changes: AsyncStream<Change>
    private let state: Guarded<[UUID: Endpoint]>
    private let reloader: Task<Void, Never>
    private let listener: PostgresListener

    private init(
        changes: AsyncStream<Change>, state: Guarded<[UUID: Endpoint]>, reloader: Task<Void, Never>,
        listener: PostgresListener
    ) {
        self.changes = changes
        self.state = state
        self.reloader = reloader
        self.listener = listener
    }

    deinit { reloader.cancel() }

    /// The endpoint with this id, as last loaded.
    public func endpoint(_ id: UUID) -> Endpoint? { state.withLock { $0[id] } }

    /// Every endpoint, as last loaded, in no particular order.
    public var all: [Endpoint] { state.withLock { Array($0.values) } }

    /// Starts listening, then loads every endpoint; returns once the catalog holds them.
    ///
    /// - Throws: `PostgresError` when the database cannot be reached at start.
    public static func start(databaseURL: String, logger: Logger) async throws -> EndpointCatalog {
        // Listen first: a change committed between the load and the LISTEN would otherwise be missed.
        let listener = try await PostgresListener.start(
            url: databaseURL, channels: [EndpointStore.notificationChannel], logger: logger)
        let connection = try await PostgresConnection.connect(url: databaseURL, logger: logger)
        let initial: [Endpoint]
        do {
            initial = try await EndpointStore(connection: connection).list()
        } catch {
            listener.stop()
            await connection.close()
            throw error
        }
        let state = Guarded(Dictionary(initial.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }))
        let (changes, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .unbounded)
        continuation.yield(.reloaded(initial))
        let reloader = Task {
            await Reloader(
                store: EndpointStore(connection: connection), state: state, continuation: continuation, logger: logger
            ).run(events: listener.events)
            await connection.close()
            continuation.finish()
        }
        return EndpointCatalog(changes: changes, state: state, reloader: reloader, listener: listener)
    }

    /// Stops listening and reloading; `changes` finishes.
    public func stop() async {
        listener.stop()
        reloader.cancel()
        await reloader.value
    }
}
