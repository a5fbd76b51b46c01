import Foundation
import LibPQ
import Testing

@Suite("Admin API deliveries and stats")
struct DeliveryHistoryRoutesTests {
    /// Records an attempt as `deliver` would, `ago` seconds in the past.
    static func attempt(
        _ api: AdminAPIHarness, _ endpoint: String, _ webhook: String, _ attempt: Int, status: Int?, ms: Int,
        ago: Int = 0
    ) async throws {
        try await api.database.query(
            """
            INSERT INTO delivery_attempts (endpoint_id, webhook_id, attempt, status, error, duration_us, created_at)
            VALUES ($1::uuid, $2, $3, $4, $5, $6, now() - $7::bigint * interval '1 second')
            """,
            [
                .text(endpoint), .text(webhook), .int(Int32(attempt)), status.map { .int(Int32($0)) } ?? .null,
                status == nil ? .text("timed out") : .null, .bigint(Int64(ms * 1_000)), .bigint(Int64(ago)),
            ])
    }

    @Test func attemptsAreListedNewestFirstByStatusClassAndCounted() async throws {
        try await AdminAPIHarness.with { api in
            let id = try #require(try await api.createEndpoint()["id"] as? String)
            try await Self.attempt(api, id, "msg_old", 1, status: 200, ms: 900, ago: 7_200)
            try await Self.attempt(api, id, "msg_1", 1, status: 200, ms: 10)
            try await Self.attempt(api, id, "msg_2", 1, status: 503, ms: 20)
            try await Self.attempt(api, id, "msg_2", 2, status: nil, ms: 30)
            try await Self.attempt(api, id, "msg_3", 1, status: 404, ms: 40)
            try await Self.attempt(api, id, "msg_4", 1, status: 200, ms: 50)
            try await api.database.query(
                "INSERT INTO dead_letters (job, endpoint_id, webhook_id, attempts, reason) VALUES ('x', $1::uuid, 'msg_3', 1, 'rejected')",
                [.text(id)])

            let all = try await api.read("/v1/endpoints/\(id)/deliveries")
            #expect(all.status == 200)
            let webhooks = all.data.compactMap { $0["webhook_id"] as? String }
            #expect(webhooks == ["msg_4", "msg_3", "msg_2", "msg_2", "msg_1", "msg_old"])
            let ids = all.data.compactMap { $0["id"] as? Int64 }
            #expect(ids == ids.sorted(by: >))
            let errors = try await api.read("/v1/endpoints/\(id)/deliveries?status_class=error").data
            #expect(errors.count == 1 && errors.first?["error"] as? String == "timed out")
            let ok = try await api.read("/v1/endpoints/\(id)/deliveries?status_class=2xx&limit=2")
            #expect(ok.data.compactMap { $0["webhook_id"] as? String } == ["msg_4", "msg_1"])
            let rest = try await api.read(
                "/v1/endpoints/\(id)/deliveries?status_class=2xx&limit=2&cursor=\(try #require(ok.object["next_cursor"] as? String))"
            )
            #expect(rest.data.compactMap { $0["webhook_id"] as? String } == ["msg_old"])
            #expect(try await api.read("/v1/endpoints/\(UUID().uuidString)/deliveries").status == 404)
            // A class the document does not list names the parameter (a GET has no body to blame).
            let unknownClass = try await api.read("/v1/endpoints/\(id)/deliveries?status_class=bogus")
            #expect(unknownClass.status == 400 && unknownClass.object["field"] as? String == "status_class")
            #expect(
                (unknownClass.object["detail"] as? String)?.hasPrefix("status_class") == true, "\(unknownClass.object)")

            let stats = try await api.read("/v1/endpoints/\(id)/stats")
            #expect(stats.status == 200)
            #expect(stats.object["delivered"] as? Int == 2)
            #expect(stats.object["failed"] as? Int == 3)
            // msg_2's latest attempt failed and it is no dead letter; msg_3 is one.
            #expect(stats.object["pending"] as? Int == 1)
            #expect(stats.object["dead"] as? Int == 1)
            #expect(stats.object["latency_p50_ms"] as? Double == 30)
            let p99 = try #require(stats.object["latency_p99_ms"] as? Double)
            #expect(p99 > 49 && p99 <= 50)
            #expect(stats.object["window_seconds"] as? Int == 3_600)
        }
    }
}
