public import Foundation
public import LibPQ

/// What `delivery_attempts` and `dead_letters` tell about one endpoint: its attempts, newest first, and its figures
/// over the last hour.
public struct DeliveryHistory: Sendable {
    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    /// One attempt as recorded by `deliver`.
    public struct Attempt: Sendable, Hashable {
        public var id: Int64
        public var webhookID: String
        public var attempt: Int
        public var status: Int?
        public var error: String?
        public var durationMicroseconds: Int64
        public var createdAt: Date
    }

    /// Attempts of this many answers: `2xx`…`5xx` by status, `error` for none.
    public enum StatusClass: String, Sendable, CaseIterable {
        case success = "2xx"
        case redirect = "3xx"
        case clientError = "4xx"
        case serverError = "5xx"
        case error

        var condition: String {
            switch self {
            case .success: "status BETWEEN 200 AND 299"
            case .redirect: "status BETWEEN 300 AND 399"
            case .clientError: "status BETWEEN 400 AND 499"
            case .serverError: "status BETWEEN 500 AND 599"
            case .error: "status IS NULL"
            }
        }
    }

    /// Up to `limit` attempts older than attempt `before`, newest first.
    public func attempts(endpoint: UUID, statusClass: StatusClass?, before: Int64?, limit: Int) async throws
        -> [Attempt]
    {
        let rows = try await connection.query(
            """
            SELECT id, webhook_id, attempt, status, error, duration_us, created_at FROM delivery_attempts
            WHERE endpoint_id = $1 AND ($2::bigint IS NULL OR id < $2) AND \(statusClass?.condition ?? "true")
            ORDER BY id DESC LIMIT $3
            """,
            [.uuid(endpoint), before.map { .bigint($0) } ?? .null, .bigint(Int64(limit))])
        return try rows.map { row in
            Attempt(
                id: try row.decode(Int64.self, "id"), webhookID: try row.decode(String.self, "webhook_id"),
                attempt: try row.decode(Int.self, "attempt"), status: try row.decode(Int?.self, "status"),
                error: try row.decode(String?.self, "error"),
                durationMicroseconds: try row.decode(Int64.self, "duration_us"),
                createdAt: try row.decode(Date.self, "created_at"))
        }
    }

    /// An endpoint's figures: see `statistics(endpoint:)`.
    public struct Statistics: Sendable, Hashable {
        public static let window: Duration = .seconds(3_600)
        public var delivered: Int64
        public var failed: Int64
        /// Webhooks whose latest attempt in the window failed and that are not dead letters: awaiting a retry.
        public var pending: Int64
        public var dead: Int64
        public var latencyP50Milliseconds: Double?
        public var latencyP99Milliseconds: Double?
    }

    /// Attempts in the last hour (2xx = delivered, others failed), webhooks awaiting a retry, every dead letter, and
    /// the median and 99th percentile duration of the hour's 2xx attempts.
    public func statistics(endpoint: UUID) async throws -> Statistics {
        let rows = try await connection.query(
            """
            WITH recent AS (
                SELECT webhook_id, status, duration_us, id FROM delivery_attempts
                WHERE endpoint_id = $1 AND created_at > now() - interval '1 hour'
            ), latest AS (
                SELECT DISTINCT ON (webhook_id) webhook_id, status FROM recent ORDER BY webhook_id, id DESC
            )
            SELECT
                (SELECT count(*) FROM recent WHERE status BETWEEN 200 AND 299) AS delivered,
                (SELECT count(*) FROM recent WHERE status IS NULL OR status NOT BETWEEN 200 AND 299) AS failed,
                (SELECT count(*) FROM latest WHERE (status IS NULL OR status NOT BETWEEN 200 AND 299)
                    AND NOT EXISTS (SELECT 1 FROM dead_letters d
                        WHERE d.endpoint_id = $1 AND d.webhook_id = latest.webhook_id)) AS pending,
                (SELECT count(*) FROM dead_letters WHERE endpoint_id = $1) AS dead,
                (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_us) / 1000.0
                    FROM recent WHERE status BETWEEN 200 AND 299)::text AS p50,
                (SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY duration_us) / 1000.0
                    FROM recent WHERE status BETWEEN 200 AND 299)::text AS p99
            """,
            [.uuid(endpoint)])
        let row = rows[0]
        return Statistics(
            delivered: try row.decode(Int64.self, "delivered"), failed: try row.decode(Int64.self, "failed"),
            pending: try row.decode(Int64.self, "pending"), dead: try row.decode(Int64.self, "dead"),
            latencyP50Milliseconds: try row.decode(String?.self, "p50").flatMap(Double.init),
            latencyP99Milliseconds: try row.decode(String?.self, "p99").flatMap(Double.init))
    }
}
