import ChainKit
import Foundation
import LibPQ
import Logging
import Store
import TestSupport
import Testing

@Suite("EndpointStore against the test server")
struct EndpointStoreTests {
    static let transfer = "Transfer(address indexed from, address indexed to, uint256 value)"

    /// A fully populated endpoint; timestamps on whole seconds, which PostgreSQL stores exactly.
    static func sample(chainID: UInt64 = 1) throws -> Endpoint {
        let event = try EndpointEvent(signature: transfer)
        let fragment = try EndpointEvent(
            fragment: JSONValue.parse(
                #"{"type":"event","name":"Approval","inputs":[{"name":"owner","type":"address","indexed":true}]}"#))
        return Endpoint(
            url: "https://hooks.example.com/in",
            chainID: chainID,
            filter: LogFilter(
                addresses: [try Address(hex: "0x" + String(repeating: "ab", count: 20))],
                topics: [[event.event.topic0], [], [try Hash32(hex: "0x" + String(repeating: "01", count: 32))]]
            ),
            events: [event, fragment],
            secret: "whsec_" + String(repeating: "A", count: 44),
            rateLimitPerSecond: 25,
            maxAttempts: 3,
            timeoutMilliseconds: 5_000,
            description: "orders",
            createdAt: Date(timeIntervalSince1970: 1_700_000_000),
            updatedAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    @Test func insertedEndpointReadsBackEqual() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let endpoint = try Self.sample()
            try await store.insert(endpoint)
            var found = try #require(try await store.find(endpoint.id))
            // jsonb keeps objects with its own key order (shorter keys first): a fragment reads back with the same
            // members, reordered. The event it declares is the same.
            #expect(found.events.map(\.event) == endpoint.events.map(\.event))
            #expect(found.events[0] == endpoint.events[0])
            #expect(found.events[1].json["inputs"] == endpoint.events[1].json["inputs"])
            found.events = endpoint.events
            #expect(found == endpoint)
            #expect(try await store.find(UUID()) == nil)
        }
    }

    @Test func nullablesAndEmptyFilterRoundTrip() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            var endpoint = try Self.sample()
            endpoint.filter = LogFilter()
            endpoint.events = []
            endpoint.rateLimitPerSecond = nil
            endpoint.maxAttempts = nil
            try await store.insert(endpoint)
            #expect(try await store.find(endpoint.id) == endpoint)
        }
    }

    @Test func updateReplacesFieldsButKeepsCreation() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            var endpoint = try Self.sample()
            try await store.insert(endpoint)
            endpoint.url = "https://other.example.com/x"
            endpoint.filter = LogFilter(topics: [[Hash32.zero]])
            endpoint.maxAttempts = nil
            endpoint.description = "changed"
            endpoint.createdAt = Date(timeIntervalSince1970: 1)
            #expect(try await store.update(endpoint))
            let found = try #require(try await store.find(endpoint.id))
            #expect(found.url == endpoint.url)
            #expect(found.filter == endpoint.filter)
            #expect(found.maxAttempts == nil)
            #expect(found.description == "changed")
            #expect(found.createdAt == Date(timeIntervalSince1970: 1_700_000_000))
            #expect(found.updatedAt > Date(timeIntervalSince1970: 1_700_000_000))
            endpoint.id = UUID()
            #expect(try await store.update(endpoint) == false)
        }
    }

    @Test func listFiltersByChainAndState() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let first = try Self.sample(chainID: 1)
            var second = try Self.sample(chainID: 1)
            second.createdAt = first.createdAt.addingTimeInterval(1)
            second.enabled = false
            var third = try Self.sample(chainID: 10)
            third.createdAt = first.createdAt.addingTimeInterval(2)
            for endpoint in [third, second, first] { try await store.insert(endpoint) }
            #expect(try await store.list().map(\.id) == [first.id, second.id, third.id])
            #expect(try await store.list(chainID: 1).map(\.id) == [first.id, second.id])
            #expect(try await store.list(enabled: true).map(\.id) == [first.id, third.id])
            #expect(try await store.list(chainID: 1, enabled: false).map(\.id) == [second.id])
        }
    }

    @Test func disablingRecordsTheReasonAndEnablingClearsIt() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let endpoint = try Self.sample()
            try await store.insert(endpoint)
            #expect(try await store.setEnabled(endpoint.id, false, reason: "410 Gone"))
            var found = try #require(try await store.find(endpoint.id))
            #expect(found.enabled == false)
            #expect(found.disabledReason == "410 Gone")
            #expect(try await store.setEnabled(endpoint.id, true, reason: "ignored"))
            found = try #require(try await store.find(endpoint.id))
            #expect(found.enabled)
            #expect(found.disabledReason == nil)
            #expect(try await store.setEnabled(UUID(), true) == false)
        }
    }

    @Test func rotationKeepsThePreviousSecretUntilItsExpiry() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let endpoint = try Self.sample()
            try await store.insert(endpoint)
            let expiry = Date(timeIntervalSince1970: 1_900_000_000)
            let newSecret = "whsec_" + String(repeating: "B", count: 44)
            let rotated = try #require(
                try await store.rotateSecret(endpoint.id, to: newSecret, previousValidUntil: expiry))
            #expect(rotated.secret == newSecret)
            #expect(rotated.previousSecret == endpoint.secret)
            #expect(rotated.previousSecretExpiresAt == expiry)
            #expect(rotated.signingSecrets(at: expiry.addingTimeInterval(-1)) == [newSecret, endpoint.secret])
            #expect(rotated.signingSecrets(at: expiry) == [newSecret])
            #expect(try await store.find(endpoint.id) == rotated)
            #expect(try await store.rotateSecret(UUID(), to: newSecret, previousValidUntil: expiry) == nil)
        }
    }

    @Test func deleteRemovesOnce() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let endpoint = try Self.sample()
            try await store.insert(endpoint)
            #expect(try await store.delete(endpoint.id))
            #expect(try await store.delete(endpoint.id) == false)
            #expect(try await store.find(endpoint.id) == nil)
        }
    }

    @Test func everyChangeNotifiesWithTheEndpointID() async throws {
        try await withMigratedSchema { connection, url in
            let listener = try await PostgresListener.start(
                url: url, channels: [EndpointStore.notificationChannel], logger: Logger(label: "test.listen"))
            defer { listener.stop() }
            var events = listener.events.makeAsyncIterator()
            let store = EndpointStore(connection: connection)
            var endpoint = try Self.sample()
            try await store.insert(endpoint)
            endpoint.description = "x"
            try await store.update(endpoint)
            try await store.setEnabled(endpoint.id, false)
            _ = try await store.rotateSecret(endpoint.id, to: endpoint.secret, previousValidUntil: Date())
            try await store.delete(endpoint.id)
            var payloads: [String] = []
            // Notifications are per database: other tests' endpoints (in other schemas) are heard too.
            let ours = endpoint.id.uuidString.lowercased()
            // A deadline, not a synchronisation: a missing notification fails the test instead of hanging it.
            let deadline = Task {
                try await Task.sleep(for: .seconds(10))
                listener.stop()
            }
            defer { deadline.cancel() }
            while payloads.count < 5, let event = await events.next() {
                if case .notification(let notification) = event, notification.payload == ours {
                    payloads.append(notification.payload)
                }
            }
            #expect(payloads.count == 5)
        }
    }

    @Test func aHandEditedColumnThatNoLongerParsesNamesEndpointAndColumn() async throws {
        try await withMigratedSchema { connection, _ in
            let store = EndpointStore(connection: connection)
            let endpoint = try Self.sample()
            try await store.insert(endpoint)
            try await connection.query(
                "UPDATE endpoints SET addresses = '[\"0x12\"]' WHERE id = $1", [.uuid(endpoint.id)])
            let error = await #expect(throws: EndpointStoreError.self) { try await store.find(endpoint.id) }
            #expect(error?.column == "addresses")
            #expect(error?.endpoint == endpoint.id)
        }
    }
}
