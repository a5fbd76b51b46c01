import Foundation
import Logging
import Store
import TestSupport
import Testing

@testable import AdminAPI

@Suite("NotifiedCache")
struct NotifiedCacheTests {
    @Test func aKeptValueIsServedWithoutReadingAgain() async throws {
        let cache = NotifiedCache<String, Int>(capacity: 10)
        #expect(try await cache.value(for: "a") { 1 } == 1)
        #expect(try await cache.value(for: "a") { 2 } == 1)
        cache.evict("a")
        #expect(try await cache.value(for: "a") { 2 } == 2)
    }

    @Test func whatWasNotFoundIsNeverKept() async throws {
        let cache = NotifiedCache<String, Int>(capacity: 10)
        for index in 0..<100 { #expect(try await cache.value(for: "unknown \(index)") { nil } == nil) }
        #expect(cache.count == 0)
        #expect(try await cache.value(for: "unknown 0") { 3 } == 3)
    }

    /// The read may have returned the row as it was before the change the eviction announced.
    @Test func aReadOverlappingAnEvictionIsNotKept() async throws {
        let cache = NotifiedCache<String, Int>(capacity: 10)
        let read = try await cache.value(for: "a") {
            cache.evict("b")
            return 1
        }
        #expect(read == 1)
        #expect(cache.count == 0)
        _ = try await cache.value(for: "a") {
            cache.clear()
            return 1
        }
        #expect(cache.count == 0)
        #expect(try await cache.value(for: "a") { 2 } == 2)
        #expect(cache.count == 1)
    }

    @Test func itKeepsNoMoreThanItsCapacity() async throws {
        let cache = NotifiedCache<Int, Int>(capacity: 3)
        for key in 0..<10 { #expect(try await cache.value(for: key) { key } == key) }
        #expect(cache.count == 3)
    }

    /// Notifications sent while the listening connection was down are lost: nothing kept before may be trusted.
    @Test func aLostListeningConnectionClearsBothCaches() async throws {
        let server = try await PostgresServerProcess.start()
        let logger = Logger(label: "test.caches")
        let pool = try await PostgresPool.connect(url: server.url, size: 1, logger: logger)
        let migrations = try Migration.load(from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
        _ = try await Migrator(migrations: migrations, logger: logger).apply(on: pool.connection())
        let caches = try await AdminCaches.start(databaseURL: server.url, pool: pool, logger: logger)
        _ = try await caches.keys.value(for: "hash") { APIKey(name: "k", scope: .read, keyHash: "hash") }
        let endpoint = Endpoint(url: "http://127.0.0.1:9/", chainID: 1, secret: "whsec_x")
        _ = try await caches.endpoints.value(for: endpoint.id) { CachedEndpoint(endpoint) }
        #expect(caches.keys.count == 1 && caches.endpoints.count == 1)

        try await server.stopServer()
        try await server.startServer()
        let deadline = ContinuousClock.now + .seconds(30)
        while caches.keys.count + caches.endpoints.count > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(caches.keys.count == 0 && caches.endpoints.count == 0)
        await caches.stop()
        await pool.close()
        try await server.shutdown()
    }
}
