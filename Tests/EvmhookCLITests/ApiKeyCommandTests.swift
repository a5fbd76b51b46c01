import Foundation
import LibPQ
import TestSupport
import Testing

/// `evmhook apikey`: keys printed once and stored as hashes, listed without them, revoked by name or id, audited.
@Suite struct ApiKeyCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func createPrintsTheKeyOnceListNeverDoesRevokeIsAudited() async throws {
        try await EndpointCLISchema.with { schema in
            let created = try await schema.run(["apikey", "create", "--name", "ci", "--scope", "write"])
            #expect(created.status == 0, "\(created.stderr)")
            let key = try #require(
                created.stdout.split(separator: "\n").first { $0.hasPrefix("key: ") }.map { String($0.dropFirst(5)) })
            #expect(key.hasPrefix("ehk_") && key.count >= 4 + 43)
            let stored = try await schema.connection.query("SELECT key_hash FROM api_keys WHERE name = 'ci'")
            let hash = try stored[0].decode(String.self, "key_hash")
            #expect(hash.count == 64 && hash != key)

            let readKey = try Self.json(
                try await schema.run(["apikey", "create", "--name", "dashboard", "--scope", "read", "--json"]).stdout)
            let readID = try #require(readKey["id"] as? String)
            #expect((readKey["key"] as? String)?.hasPrefix("ehk_") == true)

            let listed = try await schema.run(["apikey", "list"])
            #expect(listed.status == 0 && listed.stdout.contains("ci") && listed.stdout.contains("dashboard"))
            #expect(!listed.stdout.contains(key))
            let listedJSON = try await schema.run(["apikey", "list", "--json"])
            #expect(!listedJSON.stdout.contains(key) && !listedJSON.stdout.contains(hash))

            #expect(try await schema.run(["apikey", "revoke", "ci"]).status == 0)
            #expect(try await schema.run(["apikey", "revoke", readID]).status == 0)
            #expect(
                try await schema.run(["apikey", "list"]).stdout.split(separator: "\n").allSatisfy {
                    $0.contains("revoked")
                })

            let audit = try await schema.connection.query(
                "SELECT actor, action FROM audit_log WHERE target_type = 'api_key' ORDER BY id")
            let actions = try audit.map {
                "\(try $0.decode(String.self, "actor")) \(try $0.decode(String.self, "action"))"
            }
            #expect(
                actions == ["cli api_key.create", "cli api_key.create", "cli api_key.revoke", "cli api_key.revoke"])
        }
    }

    @Test func refusalsNameTheFlagOrTheKey() async throws {
        try await EndpointCLISchema.with { schema in
            let scope = try await schema.run(["apikey", "create", "--name", "x", "--scope", "admin"])
            #expect(scope.status == 2 && scope.stderr.contains("--scope"))
            #expect(try await schema.run(["apikey", "create", "--name", "x", "--scope", "read"]).status == 0)
            let taken = try await schema.run(["apikey", "create", "--name", "x", "--scope", "read"])
            #expect(taken.status == 2 && taken.stderr.contains("--name"))
            let unknown = try await schema.run(["apikey", "revoke", "nobody"])
            #expect(unknown.status == 2 && unknown.stderr.contains("nobody"))
        }
    }

    @Test func endpointChangesFromTheCLIAreAuditedAsCLI() async throws {
        try await EndpointCLISchema.with { schema in
            let added = try await schema.run(
                ["endpoint", "add", "--url", "https://hooks.example.com/in", "--chain", "1", "--json"])
            let id = try #require(try Self.json(added.stdout)["id"] as? String)
            #expect(try await schema.run(["endpoint", "disable", id]).status == 0)
            #expect(try await schema.run(["endpoint", "delete", id]).status == 0)
            let audit = try await schema.connection.query(
                "SELECT actor, action, after::text AS after FROM audit_log WHERE target_id = $1 ORDER BY id",
                [.text(id)])
            let actions = try audit.map {
                "\(try $0.decode(String.self, "actor")) \(try $0.decode(String.self, "action"))"
            }
            #expect(actions == ["cli endpoint.create", "cli endpoint.disable", "cli endpoint.delete"])
            let secret = try #require(try Self.json(added.stdout)["secret"] as? String)
            #expect(try audit.allSatisfy { !(try $0.decode(String?.self, "after") ?? "").contains(secret) })
        }
    }
}
