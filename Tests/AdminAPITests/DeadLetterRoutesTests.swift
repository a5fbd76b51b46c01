import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline
import TestSupport
import Testing

@Suite("Admin API /v1/dead-letters")
struct DeadLetterRoutesTests {
    /// Writes a dead letter as `deliver` would and returns its id.
    static func deadLetter(_ api: AdminAPIHarness, endpoint: UUID, webhook: String) async throws -> Int64 {
        let job = DeliveryJob(
            endpointID: endpoint, webhookID: webhook, type: .log, attempt: 5, enqueuedAt: 1, body: #"{"n":1}"#)
        let rows = try await api.database.query(
            """
            INSERT INTO dead_letters (job, endpoint_id, webhook_id, attempts, last_status, reason)
            VALUES ($1, $2, $3, 5, 500, 'exhausted') RETURNING id
            """,
            [.text(job.encoded), .uuid(endpoint), .text(webhook)])
        return try rows[0].decode(Int64.self, "id")
    }

    /// Retries share one Redis connection, opened by the first (a connection per request was the API's habit).
    @Test func retriesShareOneRedisConnection() async throws {
        let server = try await RedisServerProcess()
        try await AdminAPIHarness.with(redisURL: server.url) { api in
            for index in 0..<3 {
                let id = try await Self.deadLetter(api, endpoint: UUID(), webhook: "msg_\(index)")
                #expect(try await api.write("POST", "/v1/dead-letters/\(id)/retry").status == 200)
            }
            let redis = try await RedisConnection.connect(to: server.url, logger: Logger(label: "test.adminapi"))
            let stats = try await redis.send(["INFO", "stats"]).string ?? ""
            await redis.close()
            // The API's one, and this one.
            #expect(stats.contains("total_connections_received:2\r\n"), "\(stats)")
        }
        await server.kill()
    }

    @Test func listRetryAndDeleteAreAuditedAndRequeueAsFirstAttempts() async throws {
        try await AdminAPIHarness.with { api in
            let first = UUID()
            let second = UUID()
            let a = try await Self.deadLetter(api, endpoint: first, webhook: "msg_a")
            let b = try await Self.deadLetter(api, endpoint: first, webhook: "msg_b")
            let c = try await Self.deadLetter(api, endpoint: second, webhook: "msg_c")
            let d = try await Self.deadLetter(api, endpoint: second, webhook: "msg_d")

            let all = try await api.read("/v1/dead-letters")
            #expect(all.status == 200 && all.data.compactMap { $0["id"] as? Int64 } == [a, b, c, d])
            #expect(all.data.first?["reason"] as? String == "exhausted")
            let page = try await api.read("/v1/dead-letters?limit=1&endpoint_id=\(first.uuidString.lowercased())")
            #expect(page.data.compactMap { $0["id"] as? Int64 } == [a])
            let cursor = try #require(page.object["next_cursor"] as? String)
            let next = try await api.read(
                "/v1/dead-letters?limit=1&endpoint_id=\(first.uuidString.lowercased())&cursor=\(cursor)")
            #expect(next.data.compactMap { $0["id"] as? Int64 } == [b])

            let one = try await api.write("POST", "/v1/dead-letters/\(a)/retry")
            #expect(one.status == 200 && one.object["requeued"] as? [Int64] == [a])
            let many = try await api.write("POST", "/v1/dead-letters/retry", ["endpoint_id": second.uuidString])
            #expect(many.status == 200 && (many.object["requeued"] as? [Int64])?.sorted() == [c, d])
            #expect(try await api.write("POST", "/v1/dead-letters/\(a)/retry").status == 404)
            let neither = try await api.write("POST", "/v1/dead-letters/retry", [String: Any]())
            #expect(neither.status == 400 && neither.object["field"] as? String == "endpoint_id")
            // An id that is not a whole number is named as the id, in the API's words.
            for method in ["POST", "DELETE"] {
                let path = method == "POST" ? "/v1/dead-letters/abc/retry" : "/v1/dead-letters/abc"
                let malformed = try await api.write(method, path)
                #expect(malformed.status == 400 && malformed.object["field"] as? String == "id", "\(malformed.object)")
                let detail = malformed.object["detail"] as? String ?? ""
                #expect(detail.hasPrefix("id ") && !detail.contains("DecodingError"), "\(detail)")
            }

            let redis = try await RedisConnection.connect(
                to: try TestEnvironment.redisURL(), logger: Logger(label: "test.adminapi"))
            let queued = try await redis.send(["LRANGE", api.keys.jobs, "0", "-1"]).array ?? []
            await redis.close()
            let jobs = try queued.compactMap(\.string).map { try DeliveryJob(encoded: $0) }
            #expect(Set(jobs.map(\.webhookID)) == ["msg_a", "msg_c", "msg_d"])
            #expect(jobs.allSatisfy { $0.attempt == 1 })

            #expect(try await api.write("DELETE", "/v1/dead-letters/\(b)").status == 204)
            #expect(try await api.write("DELETE", "/v1/dead-letters/\(b)").status == 404)
            #expect(try await api.read("/v1/dead-letters").data.isEmpty)

            let audit = try await api.auditEntries().filter { $0["target_type"] as? String == "dead_letter" }
            let actions = Set(audit.map { "\($0["action"] ?? "") \($0["target_id"] ?? "")" })
            #expect(
                actions == [
                    "dead_letter.retry \(a)", "dead_letter.retry \(c)", "dead_letter.retry \(d)",
                    "dead_letter.delete \(b)",
                ])
            #expect(audit.allSatisfy { $0["actor"] as? String == "writer" })
        }
    }
}
