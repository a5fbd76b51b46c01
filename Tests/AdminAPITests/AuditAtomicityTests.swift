import Admin
import Foundation
import LibPQ
import Testing

@Suite("Audit entries commit with their change")
struct AuditAtomicityTests {
    /// Every audit write of the test's schema fails from then on (a trigger raises), as a full disk or a lost
    /// connection between the two statements would have made it fail.
    static func refuseAuditEntries(_ database: PostgresConnection) async throws {
        try await database.executeScript(
            """
            CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'audit entry refused';
            END
            $$;
            CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();
            """)
    }

    @Test func aChangeWhoseAuditEntryFailsIsRolledBack() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint(["description": "before"])["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            try await Self.refuseAuditEntries(api.database)

            #expect(try await api.write("PATCH", path, ["description": "after"]).status == 500)
            #expect(try await api.write("POST", path + "/disable").status == 500)
            #expect(try await api.write("POST", path + "/rotate-secret", ["grace_seconds": 60]).status == 500)
            #expect(try await api.write("DELETE", path).status == 500)
            let unchanged = try await api.read(path)
            #expect(unchanged.status == 200)
            #expect(unchanged.object["description"] as? String == "before")
            #expect(unchanged.object["enabled"] as? Bool == true)
            #expect(unchanged.object["previous_secret_expires_at"] == nil)

            let create = try await api.write("POST", "/v1/endpoints", ["url": "http://127.0.0.1:9/x", "chain_id": 1])
            #expect(create.status == 500)
            #expect(try await api.read("/v1/endpoints").data.map { $0["id"] as? String } == [id])

            // The CLI runs the same operations: a revocation that cannot be audited leaves the key working.
            await #expect(throws: PostgresError.self) {
                try await APIKeyOperations(connection: api.database).revoke("reader")
            }
            #expect(try await api.read("/v1/endpoints").status == 200)
            await #expect(throws: PostgresError.self) {
                try await APIKeyOperations(connection: api.database).create(name: "unaudited", scope: "read")
            }
            let names = try await APIKeyOperations(connection: api.database).list().map(\.name)
            #expect(names.sorted() == ["reader", "writer"])
        }
    }
}
