import Foundation
import Testing

@Suite("Admin API /v1/endpoints")
struct EndpointRoutesTests {
    static let transfer = "Transfer(address indexed from, address indexed to, uint256 value)"
    static let transferTopic0 = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

    @Test func lifecycleShowsTheSecretOnlyOnCreateAndRotateAndAuditsEveryChange() async throws {
        try await AdminAPIHarness.with { api in
            let created = try await api.createEndpoint(["events": [Self.transfer], "description": "orders"])
            let id = try #require(created["id"] as? String)
            let secret = try #require(created["secret"] as? String)
            #expect(secret.hasPrefix("whsec_"))
            #expect((created["topics"] as? [[String]])?.first == [Self.transferTopic0])

            let shown = try await api.read("/v1/endpoints/\(id)")
            #expect(shown.status == 200 && shown.object["secret"] == nil)
            #expect(shown.object["description"] as? String == "orders")
            #expect(!String(decoding: shown.body, as: UTF8.self).contains(secret))

            let updated = try await api.write(
                "PATCH", "/v1/endpoints/\(id)", ["rate_limit_per_second": 10, "max_attempts": 3, "events": []])
            #expect(updated.status == 200)
            #expect(updated.object["rate_limit_per_second"] as? Int == 10)
            #expect(updated.object["max_attempts"] as? Int == 3)
            #expect((updated.object["events"] as? [Any])?.isEmpty == true)
            #expect((updated.object["topics"] as? [Any])?.isEmpty == true)
            let cleared = try await api.write(
                "PATCH", "/v1/endpoints/\(id)", ["rate_limit_per_second": "none", "max_attempts": "default"])
            #expect(cleared.status == 200)
            #expect(cleared.object["rate_limit_per_second"] == nil && cleared.object["max_attempts"] == nil)

            let disabled = try await api.write("POST", "/v1/endpoints/\(id)/disable")
            #expect(disabled.status == 200 && disabled.object["enabled"] as? Bool == false)
            let enabled = try await api.write("POST", "/v1/endpoints/\(id)/enable")
            #expect(enabled.status == 200 && enabled.object["enabled"] as? Bool == true)

            let rotated = try await api.write("POST", "/v1/endpoints/\(id)/rotate-secret", ["grace_seconds": 60])
            #expect(rotated.status == 200)
            let newSecret = try #require(rotated.object["secret"] as? String)
            #expect(newSecret != secret && rotated.object["previous_secret_expires_at"] != nil)
            let tooLong = try await api.write(
                "POST", "/v1/endpoints/\(id)/rotate-secret", ["grace_seconds": 2_592_001])
            #expect(tooLong.status == 400 && tooLong.object["field"] as? String == "grace_seconds")
            // The body is optional: none at all (`curl -X POST`), or an empty one, rotates with the defaults.
            let bare = try await api.request("POST", "/v1/endpoints/\(id)/rotate-secret", key: api.writeKey, body: nil)
            #expect(bare.status == 200, "\(String(decoding: bare.body, as: UTF8.self))")
            #expect(bare.object["secret"] as? String != newSecret)
            let empty = try await api.request(
                "POST", "/v1/endpoints/\(id)/rotate-secret", key: api.writeKey, body: Data())
            #expect(empty.status == 200, "\(String(decoding: empty.body, as: UTF8.self))")

            #expect(try await api.write("DELETE", "/v1/endpoints/\(id)").status == 204)
            let gone = try await api.read("/v1/endpoints/\(id)")
            #expect(gone.status == 404 && gone.contentType == "application/problem+json")
            #expect(try await api.write("DELETE", "/v1/endpoints/\(id)").status == 404)

            let entries = try await api.auditEntries().filter { $0["target_id"] as? String == id }
            let actions = entries.reversed().map { $0["action"] as? String ?? "" }
            #expect(
                actions == [
                    "endpoint.create", "endpoint.update", "endpoint.update", "endpoint.disable", "endpoint.enable",
                    "endpoint.rotate_secret", "endpoint.rotate_secret", "endpoint.rotate_secret", "endpoint.delete",
                ])
            #expect(entries.allSatisfy { $0["actor"] as? String == "writer" })
            let audited = String(
                decoding: try JSONSerialization.data(withJSONObject: entries), as: UTF8.self)
            #expect(!audited.contains(secret) && !audited.contains(newSecret))
            let update = try #require(entries.first { $0["action"] as? String == "endpoint.update" })
            #expect((update["before"] as? [String: Any])?["max_attempts"] as? Int == 3)
            #expect((update["after"] as? [String: Any])?["max_attempts"] is NSNull)
        }
    }

    /// A null clears a limit on update (JSON Merge Patch), as it does on create; an absent member changes nothing.
    @Test func nullClearsALimitOnUpdate() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(
                try await api.createEndpoint(["rate_limit_per_second": 7, "max_attempts": 4])["id"] as? String)
            let untouched = try await api.write("PATCH", "/v1/endpoints/\(id)", ["description": "kept"])
            #expect(
                untouched.object["rate_limit_per_second"] as? Int == 7 && untouched.object["max_attempts"] as? Int == 4)
            let nulled = try await api.write(
                "PATCH", "/v1/endpoints/\(id)", ["rate_limit_per_second": NSNull(), "max_attempts": NSNull()])
            #expect(nulled.status == 200, "\(String(decoding: nulled.body, as: UTF8.self))")
            #expect(nulled.object["rate_limit_per_second"] == nil && nulled.object["max_attempts"] == nil)
            #expect(nulled.object["description"] as? String == "kept")
        }
    }

    /// The other nulls of a PATCH put back what an endpoint created without the member has; `url` and `chain_id`
    /// cannot be null.
    @Test func nullPutsBackWhatAnEndpointCreatedWithoutItHas() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(
                try await api.createEndpoint([
                    "addresses": ["0x00000000000000000000000000000000000000aa"], "description": "old",
                    "timeout_ms": 2_000, "events": [Self.transfer],
                ])["id"] as? String)
            let nulled = try await api.write(
                "PATCH", "/v1/endpoints/\(id)",
                ["addresses": NSNull(), "description": NSNull(), "timeout_ms": NSNull(), "events": NSNull()])
            #expect(nulled.status == 200, "\(String(decoding: nulled.body, as: UTF8.self))")
            #expect((nulled.object["addresses"] as? [Any])?.isEmpty == true)
            #expect((nulled.object["events"] as? [Any])?.isEmpty == true)
            #expect(nulled.object["description"] as? String == "")
            #expect(nulled.object["timeout_ms"] as? Int == 15_000)
            for member in ["url", "chain_id"] {
                let refused = try await api.write("PATCH", "/v1/endpoints/\(id)", [member: NSNull()])
                #expect(refused.status == 400)
                #expect(refused.object["field"] as? String == member)
            }
            #expect(try await api.read("/v1/endpoints/\(id)").object["url"] as? String != nil)
        }
    }

    /// A change that changes nothing writes nothing: `updated_at` stays and the audit gains no entry.
    @Test func aChangeThatChangesNothingIsNotWrittenNorAudited() async throws {
        try await AdminAPIHarness.with { api in
            let created = try await api.createEndpoint(["description": "same"])
            let id = try #require(created["id"] as? String)
            let path = "/v1/endpoints/\(id)"
            let audited = try await api.auditEntries().count
            for (method, route, body) in [
                ("PATCH", path, [:] as [String: Any]?), ("PATCH", path, ["description": "same"]),
                ("POST", path + "/enable", nil),
            ] {
                let reply = try await api.write(method, route, body)
                #expect(reply.status == 200, "\(method) \(route): \(reply.object)")
                #expect(reply.object["updated_at"] as? String == created["updated_at"] as? String)
            }
            #expect(try await api.auditEntries().count == audited)
            // A real change is still both.
            let changed = try await api.write("PATCH", path, ["description": "other"])
            #expect(changed.object["updated_at"] as? String != created["updated_at"] as? String)
            #expect(try await api.auditEntries().count == audited + 1)
        }
    }

    /// Members another operation changes are refused on update, pointing at it; they used to be ignored (a 200 with
    /// nothing changed).
    @Test func updateRefusesWhatAnotherOperationChanges() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let secret = "whsec_" + Data(repeating: 9, count: 32).base64EncodedString()
            for (member, value, operation) in [
                ("secret", secret as Any, "rotate-secret"), ("enabled", false as Any, "/disable"),
            ] {
                let refused = try await api.write("PATCH", "/v1/endpoints/\(id)", [member: value, "description": "x"])
                #expect(refused.status == 400 && refused.object["field"] as? String == member, "\(refused.object)")
                #expect((refused.object["detail"] as? String)?.contains(operation) == true, "\(refused.object)")
            }
            let kept = try await api.read("/v1/endpoints/\(id)").object
            #expect(kept["description"] as? String == "" && kept["enabled"] as? Bool == true)
        }
    }

    /// Each refusal is a 400 problem naming the field, and nothing is written.
    @Test(arguments: [
        (#"{"url":"ftp://x.example/","chain_id":1}"#, "url"),
        (#"{"url":"https:///in","chain_id":1}"#, "url"),
        (#"{"chain_id":1}"#, "url"),
        (#"{"url":5,"chain_id":1}"#, "url"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":0}"#, "chain_id"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"addresses":["0x1234"]}"#, "addresses"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"topics":[["0x1234"]]}"#, "topics"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"topics":[null,null,null,null,null]}"#, "topics"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"events":["Transfer(address indexed from"]}"#, "events"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"events":[{"type":"function","name":"f"}]}"#, "events"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"secret":"sk_123"}"#, "secret"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"rate_limit_per_second":0}"#, "rate_limit_per_second"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"max_attempts":101}"#, "max_attempts"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"timeout_ms":50}"#, "timeout_ms"),
        // PostgreSQL text cannot hold a NUL: refused as the field, not a failed write (500).
        (#"{"url":"http://127.0.0.1:9/e\u0000x","chain_id":1}"#, "url"),
        (#"{"url":"http://127.0.0.1:9/x","chain_id":1,"description":"a\u0000b"}"#, "description"),
        (
            #"{"url":"http://127.0.0.1:9/x","chain_id":1,"events":[{"type":"event","name":"T","inputs":"#
                + #"[{"name":"a\u0000","type":"uint256","indexed":false}]}]}"#, "events"
        ),
    ])
    func refusalsAreProblemsNamingTheField(body: String, field: String) async throws {
        try await AdminAPIHarness.with { api in
            let reply = try await api.request("POST", "/v1/endpoints", key: api.writeKey, body: Data(body.utf8))
            #expect(reply.status == 400, "\(String(decoding: reply.body, as: UTF8.self))")
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.object["field"] as? String == field, "\(reply.object)")
            #expect(reply.object["type"] is String && reply.object["detail"] is String)
            // In the API's words, not the decoder's.
            let detail = reply.object["detail"] as? String ?? ""
            #expect(!detail.contains("CodingKeys") && !detail.contains("DecodingError"), "\(detail)")
            #expect(try await api.read("/v1/endpoints").data.isEmpty)
        }
    }

    @Test func updateAndQueryRefusalsNameTheirField() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            let patch = try await api.write("PATCH", "/v1/endpoints/\(id)", ["timeout_ms": 1])
            #expect(patch.status == 400 && patch.object["field"] as? String == "timeout_ms")
            let rotation = try await api.write("POST", "/v1/endpoints/\(id)/rotate-secret", ["secret": "whsec_AAAA"])
            #expect(rotation.status == 400 && rotation.object["field"] as? String == "secret")
            let limit = try await api.read("/v1/endpoints?limit=0")
            #expect(limit.status == 400 && limit.object["field"] as? String == "limit")
            // Parameters the generated decoding refuses (not a number, not a boolean) name themselves too.
            for (query, field) in [("limit=ten", "limit"), ("enabled=maybe", "enabled"), ("chain_id=-1", "chain_id")] {
                let malformed = try await api.read("/v1/endpoints?\(query)")
                #expect(malformed.status == 400 && malformed.object["field"] as? String == field, "\(malformed.object)")
                #expect((malformed.object["detail"] as? String)?.hasPrefix(field) == true, "\(malformed.object)")
            }
            let notJSON = try await api.request("POST", "/v1/endpoints", key: api.writeKey, body: Data("{".utf8))
            #expect(notJSON.status == 400 && notJSON.object["detail"] as? String == "the body is not valid JSON")
            for body in ["null", "[]", "5"] {
                let notObject = try await api.request(
                    "PATCH", "/v1/endpoints/\(id)", key: api.writeKey, body: Data(body.utf8))
                #expect(
                    notObject.status == 400
                        && notObject.object["detail"] as? String == "the body must be a JSON object",
                    "\(body): \(notObject.object)")
            }
            // A list element is named by its index; a null is called one, a value of no documented form is not.
            let shapeless = "has none of the forms the document allows (see /openapi.yaml)"
            for (body, field, detail) in [
                (#"{"addresses":[null]}"#, "addresses[0]", "must not be null"),
                (#"{"events":["x",7]}"#, "events[1]", shapeless),
                (#"{"rate_limit_per_second":"lots"}"#, "rate_limit_per_second", shapeless),
            ] {
                let element = try await api.request(
                    "PATCH", "/v1/endpoints/\(id)", key: api.writeKey, body: Data(body.utf8))
                #expect(element.status == 400 && element.object["field"] as? String == field, "\(element.object)")
                #expect(element.object["detail"] as? String == "\(field) \(detail)", "\(element.object)")
            }
            let cursor = try await api.read("/v1/endpoints?cursor=nonsense")
            #expect(cursor.status == 400 && cursor.object["field"] as? String == "cursor")
            let notUUID = try await api.read("/v1/endpoints/not-a-uuid")
            #expect(notUUID.status == 400 && notUUID.object["field"] as? String == "id")
            let unknown = try await api.write("POST", "/v1/endpoints/\(UUID().uuidString.lowercased())/enable")
            #expect(unknown.status == 404)
        }
    }

    @Test func listPagesByCursorAndFiltersByChainAndState() async throws {
        try await AdminAPIHarness.with { api in
            var ids: [String] = []
            for index in 0..<5 {
                let endpoint = try await api.createEndpoint(["chain_id": index < 3 ? 1 : 5, "enabled": index != 0])
                ids.append(try #require(endpoint["id"] as? String))
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "/v1/endpoints?limit=2" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await api.read(query)
                #expect(page.status == 200)
                seen += page.data.compactMap { $0["id"] as? String }
                cursor = page.object["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == ids && pages == 3)

            let chain5 = try await api.read("/v1/endpoints?chain_id=5").data.compactMap { $0["id"] as? String }
            #expect(chain5 == Array(ids[3...]))
            let disabled = try await api.read("/v1/endpoints?enabled=false").data.compactMap { $0["id"] as? String }
            #expect(disabled == [ids[0]])
            let enabledChain1 = try await api.read("/v1/endpoints?chain_id=1&enabled=true&limit=1")
            #expect(enabledChain1.data.compactMap { $0["id"] as? String } == [ids[1]])
            #expect(enabledChain1.object["next_cursor"] is String)
        }
    }
}
