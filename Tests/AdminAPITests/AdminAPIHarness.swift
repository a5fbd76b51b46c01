import Admin
import AdminAPI
import Foundation
import LibPQ
import Logging
import Pipeline
import Store
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running admin API on a free loopback port, over a fresh migrated PostgreSQL schema and its own Redis prefix,
/// with a write key and a read key; requests go over real HTTP.
struct AdminAPIHarness {
    let baseURL: String
    let database: PostgresConnection
    let databaseURL: String
    let keys: RedisKeys
    let writeKey: String
    let readKey: String

    /// One response: status, content type and the body parsed as JSON (nil when empty or not JSON).
    struct Reply {
        let status: Int
        let contentType: String?
        let body: Data
        var json: Any? { body.isEmpty ? nil : try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var data: [[String: Any]] { object["data"] as? [[String: Any]] ?? [] }
    }

    /// Runs `body` against a new server (replaying from the node at `rpcURL`, if any; with the Redis keys under
    /// `redisPrefix`, a new one by default); the server is stopped and the schema dropped afterwards.
    static func with(
        rpcURL: String? = nil, redisURL: String? = nil, redisPrefix: String = TestEnvironment.uniqueName("adminapi"),
        _ body: (AdminAPIHarness) async throws -> Void
    ) async throws {
        let schema = TestEnvironment.uniqueName("adminapi")
        let base = try TestEnvironment.databaseURL()
        let url = base + (base.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + schema
        let logger = Logger(label: "test.adminapi")
        let database = try await PostgresConnection.connect(url: url, logger: logger)
        try await database.query("CREATE SCHEMA \(PostgresIdentifier.quote(schema))")
        let shutdown = AsyncStream<Void>.makeStream()
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let prefix = redisPrefix
        var server: Task<Void, any Error>?
        do {
            let migrations = try Migration.load(
                from: TestEnvironment.repositoryRoot.appendingPathComponent("migrations"))
            _ = try await Migrator(migrations: migrations, logger: logger).apply(on: database)
            let keys = APIKeyOperations(connection: database)
            let writeKey = try await keys.create(name: "writer", scope: "write").secret
            let readKey = try await keys.create(name: "reader", scope: "read").secret
            var configuration = AdminServer.Configuration(
                host: "127.0.0.1", port: 0, databaseURL: url, redisURL: try redisURL ?? TestEnvironment.redisURL(),
                redisPrefix: prefix, allowPrivateTargets: true)
            configuration.databaseConnections = 2
            configuration.rpcURL = rpcURL
            let adminServer = AdminServer(configuration: configuration, logger: logger)
            server = Task {
                // A server that fails to start (PostgreSQL refusing a connection) must end the wait for its port.
                defer { portContinuation.finish() }
                try await adminServer.run(until: {
                    for await _ in shutdown.stream {}
                }) { port in
                    portContinuation.yield(port)
                    portContinuation.finish()
                }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await server?.value  // Its error says why.
                throw HarnessError(description: "the admin API ended before it listened")
            }
            try await body(
                AdminAPIHarness(
                    baseURL: "http://127.0.0.1:\(port)", database: database, databaseURL: url,
                    keys: RedisKeys(prefix: prefix), writeKey: writeKey, readKey: readKey))
        } catch {
            shutdown.continuation.finish()
            _ = try? await server?.value
            _ = try? await database.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
            await database.close()
            throw error
        }
        shutdown.continuation.finish()
        try await server?.value
        try await database.query("DROP SCHEMA \(PostgresIdentifier.quote(schema)) CASCADE")
        await database.close()
    }

    /// `method path` with `key` as the bearer token (none when nil) and `json` as the body.
    func request(_ method: String, _ path: String, key: String?, json: Any? = nil) async throws -> Reply {
        try await request(method, path, key: key, body: try json.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    /// `method path` with `key` as the bearer token (none when nil) and `body` (JSON) as the body.
    func request(_ method: String, _ path: String, key: String?, body: Data?) async throws -> Reply {
        var request = URLRequest(url: try #require(URL(string: baseURL + path)))
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return Reply(
            status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type"), body: data)
    }

    /// A request with the write key.
    func write(_ method: String, _ path: String, _ json: Any? = nil) async throws -> Reply {
        try await request(method, path, key: writeKey, json: json)
    }

    /// A GET with the read key.
    func read(_ path: String) async throws -> Reply {
        try await request("GET", path, key: readKey)
    }

    /// Creates an endpoint (chain 1 unless `fields` says otherwise) and returns its JSON.
    func createEndpoint(_ fields: [String: Any] = [:]) async throws -> [String: Any] {
        let reply = try await write(
            "POST", "/v1/endpoints",
            ["url": "http://127.0.0.1:9/hook", "chain_id": 1].merging(fields) { $1 })
        try #require(reply.status == 201, "\(String(decoding: reply.body, as: UTF8.self))")
        return reply.object
    }

    /// The audit entries, newest first.
    func auditEntries() async throws -> [[String: Any]] {
        try await read("/v1/audit?limit=500").data
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
}
