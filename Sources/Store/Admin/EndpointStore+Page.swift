public import Foundation
import LibPQ

extension EndpointStore {
    /// Where a page of `list` resumes: after the endpoint created at `createdAtMicroseconds` (since 1970) with `id`.
    public struct PagePosition: Sendable, Hashable {
        public var createdAtMicroseconds: Int64
        public var id: UUID

        public init(createdAtMicroseconds: Int64, id: UUID) {
            self.createdAtMicroseconds = createdAtMicroseconds
            self.id = id
        }
    }

    /// Up to `limit` endpoints after `position`, in creation order (then id) as `list` orders them, with the position
    /// of the last one returned. Keyset pagination: endpoints created or deleted meanwhile never shift a page.
    public func page(
        chainID: UInt64? = nil, enabled: Bool? = nil, after position: PagePosition?, limit: Int
    ) async throws -> [(endpoint: Endpoint, position: PagePosition)] {
        let rows = try await connection.query(
            """
            SELECT \(Self.columns),
                (extract(epoch FROM created_at) * 1000000)::bigint AS created_us
            FROM endpoints
            WHERE ($1::bigint IS NULL OR chain_id = $1) AND ($2::boolean IS NULL OR enabled = $2)
                AND ($3::bigint IS NULL
                    OR (created_at, id) > (timestamptz 'epoch' + $3::bigint * interval '1 microsecond', $4::uuid))
            ORDER BY created_at, id
            LIMIT $5
            """,
            [
                chainID.map { .bigint(Int64($0)) } ?? .null, enabled.map { .bool($0) } ?? .null,
                position.map { .bigint($0.createdAtMicroseconds) } ?? .null, position.map { .uuid($0.id) } ?? .null,
                .bigint(Int64(limit)),
            ]
        )
        return try rows.map { row in
            let endpoint = try Endpoint(row: row)
            return (
                endpoint, PagePosition(createdAtMicroseconds: try row.decode(Int64.self, "created_us"), id: endpoint.id)
            )
        }
    }
}
