import Admin
import Foundation
import Testing

@Suite("Admin API authentication")
struct AuthenticationTests {
    @Test func everyV1RouteNeedsALiveKeyAndReadKeysCannotWrite() async throws {
        try await AdminAPIHarness.with { api in
            let noKey = try await api.request("GET", "/v1/endpoints", key: nil)
            #expect(noKey.status == 401)
            #expect(noKey.contentType == "application/problem+json")
            #expect(noKey.object["status"] as? Int == 401 && noKey.object["title"] != nil)

            let badKey = try await api.request("GET", "/v1/endpoints", key: "ehk_not-a-key")
            #expect(badKey.status == 401)
            let notBearer = try await api.request("GET", "/v1/audit", key: nil)
            #expect(notBearer.status == 401)

            #expect(try await api.read("/v1/endpoints").status == 200)
            let readWriting = try await api.request(
                "POST", "/v1/endpoints", key: api.readKey, json: ["url": "http://127.0.0.1:9/x", "chain_id": 1])
            #expect(readWriting.status == 403)
            #expect(readWriting.contentType == "application/problem+json")
            #expect(
                try await api.write("POST", "/v1/endpoints", ["url": "http://127.0.0.1:9/x", "chain_id": 1]).status
                    == 201)

            _ = try await APIKeyOperations(connection: api.database).revoke("reader")
            #expect(try await api.read("/v1/endpoints").status == 401)
        }
    }

    @Test func theDocumentIsServedVerbatimWithoutAKey() async throws {
        try await AdminAPIHarness.with { api in
            let reply = try await api.request("GET", "/openapi.yaml", key: nil)
            #expect(reply.status == 200)
            let file = try Data(
                contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                    .deletingLastPathComponent().appendingPathComponent("Sources/AdminAPI/openapi.yaml"))
            #expect(reply.body == file)
        }
    }
}
