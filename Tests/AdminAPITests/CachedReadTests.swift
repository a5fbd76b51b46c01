import Admin
import Foundation
import LibPQ
import Logging
import TestSupport
import Testing

/// Keys and endpoints are served from memory (`AdminCaches`): what a client or another process changes must still be
/// what the next read sees.
@Suite("Admin API reads served from memory")
struct CachedReadTests {
    @Test func aKeyRevokedWithTheCLIIsRefusedOnTheVeryNextRequest() async throws {
        try await AdminAPIHarness.with { api in
            // The second request is served from the cache the first filled.
            #expect(try await api.read("/v1/endpoints").status == 200)
            #expect(try await api.read("/v1/endpoints").status == 200)
            let revoke = try await EvmhookBinary.run(
                ["apikey", "revoke", "reader"], environment: ["EVMHOOK_DATABASE_URL": api.databaseURL])
            #expect(revoke.status == 0, "\(revoke.stderr)")
            #expect(try await api.read("/v1/endpoints").status == 401)
        }
    }

    /// An endpoint's answer kept in memory is no way around authentication: once its key is revoked, the reader of a
    /// kept answer (`CachedEndpointChannelHandler`) gets a 401 like everyone else.
    @Test func aKeyRevokedWithTheCLIIsRefusedOnAnEndpointAnsweredFromMemory() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            for _ in 1...3 { #expect(try await api.read(path).status == 200) }
            let revoke = try await EvmhookBinary.run(
                ["apikey", "revoke", "reader"], environment: ["EVMHOOK_DATABASE_URL": api.databaseURL])
            #expect(revoke.status == 0, "\(revoke.stderr)")
            let refused = try await api.read(path)
            #expect(refused.status == 401)
            #expect(refused.contentType == "application/problem+json")
        }
    }

    /// An API process that stays registered but does not confirm (its notifications are interrupted) makes the
    /// revocation say so instead of returning as if every process refused the key.
    @Test func aRevocationThatAnAPIDoesNotConfirmIsReported() async throws {
        try await AdminAPIHarness.with { api in
            let silent = UUID()
            try await api.database.query(
                "INSERT INTO api_key_caches (id, applied) VALUES ($1, 0)", [.uuid(silent)])
            // Alive but silent: it refreshes its row as a running process does, and never confirms.
            let own = try await PostgresConnection.connect(url: api.databaseURL, logger: Logger(label: "test.silent"))
            let heartbeat = Task {
                while !Task.isCancelled {
                    _ = try? await own.query(
                        "UPDATE api_key_caches SET seen_at = now() WHERE id = $1", [.uuid(silent)])
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
            // The revocation waits out this bound (the silent process never confirms): it is the time the running API
            // gets to confirm, and 300 ms was once too short with the whole suite loading two cores.
            let error = await #expect(throws: RevocationUnconfirmedError.self) {
                try await APIKeyOperations(connection: api.database).revoke("reader", confirmation: .seconds(10))
            }
            heartbeat.cancel()
            _ = await heartbeat.value
            await own.close()
            #expect(error?.processes == [silent])
            // Revoked all the same, and the running API (which did confirm) refuses it.
            #expect(try await api.read("/v1/endpoints").status == 401)
        }
    }

    @Test func aClientReadsEveryChangeItMadeThroughTheAPI() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            for round in 1...5 {
                #expect(try await api.read(path).status == 200)
                #expect(try await api.write("PATCH", path, ["description": "round \(round)"]).status == 200)
                #expect(try await api.read(path).object["description"] as? String == "round \(round)")
            }
            #expect(try await api.write("POST", path + "/disable").status == 200)
            #expect(try await api.read(path).object["enabled"] as? Bool == false)
            #expect(try await api.write("POST", path + "/enable").status == 200)
            #expect(try await api.read(path).object["enabled"] as? Bool == true)
            #expect(try await api.read(path).object["previous_secret_expires_at"] == nil)
            #expect(try await api.write("POST", path + "/rotate-secret", ["grace_seconds": 60]).status == 200)
            #expect(try await api.read(path).object["previous_secret_expires_at"] is String)
            #expect(try await api.write("DELETE", path).status == 204)
            #expect(try await api.read(path).status == 404)
        }
    }

    @Test func aChangeByAnotherProcessShowsUpOnceItsNotificationArrives() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            #expect(try await api.read(path).object["description"] as? String == "")
            let environment = ["EVMHOOK_DATABASE_URL": api.databaseURL]
            let update = try await EvmhookBinary.run(
                ["endpoint", "update", id, "--description", "from the CLI"], environment: environment)
            #expect(update.status == 0, "\(update.stderr)")
            #expect(try await poll { try await api.read(path).object["description"] as? String == "from the CLI" })

            let delete = try await EvmhookBinary.run(["endpoint", "delete", id], environment: environment)
            #expect(delete.status == 0, "\(delete.stderr)")
            #expect(try await poll { try await api.read(path).status == 404 })
        }
    }

    /// The third read of an unchanged endpoint is answered with the bytes kept from the second (`CachedEndpointResponses`,
    /// `CachedEndpointChannelHandler`):
    /// the same answer, and it leaves with the endpoint whether the change came from this API or from the CLI.
    @Test func aKeptAnswerIsTheSameAndLeavesWithItsEndpoint() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            let answers = try await [api.read(path), api.read(path), api.read(path), api.read(path)]
            #expect(Set(answers.map(\.body)).count == 1)
            #expect(answers.allSatisfy { $0.status == 200 && $0.contentType == "application/json; charset=utf-8" })

            #expect(try await api.write("PATCH", path, ["description": "from the API"]).status == 200)
            #expect(try await api.read(path).object["description"] as? String == "from the API")
            for _ in 1...3 { #expect(try await api.read(path).object["description"] as? String == "from the API") }

            let update = try await EvmhookBinary.run(
                ["endpoint", "update", id, "--description", "from the CLI"],
                environment: ["EVMHOOK_DATABASE_URL": api.databaseURL])
            #expect(update.status == 0, "\(update.stderr)")
            #expect(try await poll { try await api.read(path).object["description"] as? String == "from the CLI" })
        }
    }

    /// Whether `condition` holds within 10 s (a NOTIFY takes milliseconds; the margin is for a loaded machine).
    private func poll(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
