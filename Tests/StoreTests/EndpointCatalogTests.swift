import ChainKit
import Foundation
import LibPQ
import Logging
import Store
import TestSupport
import Testing

@Suite("EndpointCatalog")
struct EndpointCatalogTests {
    static func endpoint(chain: UInt64 = 1) -> Endpoint {
        Endpoint(
            url: "https://example.com/hook", chainID: chain, secret: "whsec_" + Data(count: 32).base64EncodedString())
    }

    @Test func loadsEverythingThenFollowsInsertsUpdatesAndDeletes() async throws {
        try await withMigratedSchema { connection, url in
            let store = EndpointStore(connection: connection)
            let existing = try await store.insert(Self.endpoint())

            let catalog = try await EndpointCatalog.start(databaseURL: url, logger: Logger(label: "test.catalog"))
            var changes = catalog.changes.makeAsyncIterator()
            #expect(await changes.next() == .reloaded([existing]))
            #expect(catalog.endpoint(existing.id) == existing)

            let added = try await store.insert(Self.endpoint(chain: 10))
            #expect(try await next(&changes, about: added.id) == .updated(added))
            #expect(catalog.endpoint(added.id) == added)

            try await store.setEnabled(added.id, false)
            guard case .updated(let disabled) = try await next(&changes, about: added.id) else {
                Issue.record("expected an update")
                return
            }
            #expect(!disabled.enabled)
            #expect(catalog.endpoint(added.id)?.enabled == false)

            try await store.delete(existing.id)
            #expect(try await next(&changes, about: existing.id) == .removed(existing.id))
            #expect(catalog.endpoint(existing.id) == nil)
            #expect(catalog.all.map(\.id) == [added.id])
            await catalog.stop()
        }
    }

    @Test func aBurstOfChangesIsCoalescedAndComplete() async throws {
        try await withMigratedSchema { connection, url in
            let catalog = try await EndpointCatalog.start(databaseURL: url, logger: Logger(label: "test.catalog"))
            let endpoints = (0..<500).map { _ in Self.endpoint() }
            // One transaction: 500 notifications delivered together at COMMIT.
            let values = endpoints.map { "('\($0.id.uuidString)', '\($0.url)', 1, '\($0.secret)')" }
            try await connection.query(
                "INSERT INTO endpoints (id, url, chain_id, secret) VALUES " + values.joined(separator: ","))
            let wanted = Set(endpoints.map(\.id))
            let deadline = ContinuousClock.now + .seconds(20)
            while Set(catalog.all.map(\.id)) != wanted, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(Set(catalog.all.map(\.id)) == wanted)
            await catalog.stop()
        }
    }

    /// Whether the insert lands before or after the listener is back (its backoff decides), the catalog converges:
    /// by its notification, or by the full reload that follows a reconnection.
    @Test func followsChangesMadeAroundAPostgresRestart() async throws {
        let server = try await PostgresServerProcess.start()
        let connection = try await PostgresConnection.connect(url: server.url, logger: Logger(label: "test"))
        try await migrate(connection)
        let store = EndpointStore(connection: connection)
        let first = try await store.insert(Self.endpoint())
        let catalog = try await EndpointCatalog.start(databaseURL: server.url, logger: Logger(label: "test.catalog"))
        var changes = catalog.changes.makeAsyncIterator()
        #expect(await changes.next() == .reloaded([first]))

        try await server.stopServer()
        try await server.startServer()
        // The test's own connection reports the loss once, then reconnects (as PostgresRestartTests shows).
        _ = try? await connection.query("SELECT 1")
        let second = try await store.insert(Self.endpoint())
        let deadline = ContinuousClock.now + .seconds(30)
        while catalog.endpoint(second.id) == nil, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(catalog.endpoint(second.id) == second)
        await catalog.stop()
        await connection.close()
        try await server.shutdown()
    }

    /// The next change about `id`, skipping those of other tests (notifications are per database).
    private func next(
        _ changes: inout AsyncStream<EndpointCatalog.Change>.Iterator, about id: UUID
    ) async throws -> EndpointCatalog.Change? {
        while let change = await changes.next() {
            switch change {
            case .updated(let endpoint) where endpoint.id == id: return change
            case .removed(let removed) where removed == id: return change
            default: continue
            }
        }
        return nil
    }
}
