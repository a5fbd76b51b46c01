import Foundation
import LibPQ
import Logging
import Threading

extension EndpointCatalog {
    /// Turns listener events into reloads. Ids that arrive while a reload runs are gathered and reloaded together.
    struct Reloader: Sendable {
        let store: EndpointStore
        let state: Guarded<[UUID: Endpoint]>
        let continuation: AsyncStream<Change>.Continuation
        let logger: Logger

        /// What is waiting to be reloaded.
        struct Pending: Sendable {
            var ids: Set<UUID> = []
            var everything = false
            var isEmpty: Bool { ids.isEmpty && !everything }
        }

        func run(events: AsyncStream<PostgresListener.Event>) async {
            let pending = Guarded(Pending())
            // One wake-up is enough however many events arrived: the reload takes all that is pending.
            let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in events {
                        switch event {
                        case .notification(let notification):
                            guard let id = UUID(uuidString: notification.payload) else {
                                logger.warning(
                                    "ignoring a malformed endpoint notification",
                                    metadata: ["payload": "\(notification.payload.prefix(64))"])
                                continue
                            }
                            pending.withLock { _ = $0.ids.insert(id) }
                        case .reconnected:
                            logger.notice("endpoint notifications resumed; reloading every endpoint")
                            pending.withLock { $0.everything = true }
                        }
                        wake.yield()
                    }
                    wake.finish()
                }
                group.addTask {
                    var backoff = Duration.milliseconds(100)
                    for await _ in wakes {
                        while !Task.isCancelled {
                            let work = pending.withLock { current in
                                defer { current = Pending() }
                                return current
                            }
                            if work.isEmpty { break }
                            do {
                                try await reload(work)
                                backoff = .milliseconds(100)
                            } catch {
                                // Keep the work: it is retried, in full, once the database answers again.
                                pending.withLock { $0.everything = true }
                                logger.warning(
                                    "reloading endpoints failed; retrying",
                                    metadata: ["error": "\(error)", "retry.in": "\(backoff)"])
                                try? await Task.sleep(for: backoff)
                                backoff = min(backoff * 2, .seconds(5))
                            }
                        }
                    }
                }
                await group.waitForAll()
            }
        }

        private func reload(_ work: Pending) async throws {
            if work.everything {
                let endpoints = try await store.list()
                state.withLock { $0 = Dictionary(endpoints.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }) }
                continuation.yield(.reloaded(endpoints))
                return
            }
            let found = try await store.find(Array(work.ids))
            let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            let changes = work.ids.map { id in byID[id].map(Change.updated) ?? .removed(id) }
            state.withLock { endpoints in
                for id in work.ids { endpoints[id] = byID[id] }
            }
            for change in changes { continuation.yield(change) }
        }
    }
}
