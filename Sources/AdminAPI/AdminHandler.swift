import Admin
import Foundation
import Hiredis
import LibPQ
import Logging
import Pipeline

/// The generated API's implementation: each operation validates what the document cannot express (ranges, UUIDs)
/// and calls the operations the CLI shares. Errors are thrown and answered by `ProblemMiddleware`.
struct AdminHandler: APIProtocol {
    let pool: PostgresPool
    let caches: AdminCaches
    let allowPrivateTargets: Bool
    let redis: SharedRedis
    let redisPrefix: String
    let replays: ReplayRegistry
    let logger: Logger

    static let defaultLimit = 100
    static let maximumLimit = 500

    var endpoints: EndpointOperations {
        EndpointOperations(connection: pool.connection(), allowPrivateTargets: allowPrivateTargets)
    }

    /// The page size asked for, checked.
    static func limit(_ value: Int?) throws -> Int {
        guard let value else { return defaultLimit }
        guard (1...maximumLimit).contains(value) else {
            throw FieldError("limit", "\(value) is not from 1 to \(maximumLimit)")
        }
        return value
    }

    static func uuid(_ text: String, field: String = "id") throws -> UUID {
        guard let uuid = UUID(uuidString: text) else { throw FieldError(field, "'\(text)' is not a UUID") }
        return uuid
    }

}
