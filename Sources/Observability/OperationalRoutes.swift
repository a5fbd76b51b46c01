public import Hummingbird
import NIOCore
public import Prometheus

/// `GET /metrics`, `/healthz` and `/readyz` (COMMON interface): mounted on the admin API's router by `api`, `run`
/// and `dev`, and on `OperationalServer` by `ingest`, `process` and `deliver` run alone.
public struct OperationalRoutes: Sendable {
    /// What `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// What `/readyz` checks, in the order its JSON lists them.
    public let checks: [ReadinessCheck]

    public init(registry: PrometheusCollectorRegistry = ProcessMetrics.registry, checks: [ReadinessCheck]) {
        self.registry = registry
        self.checks = checks
    }

    public func add(to router: Router<BasicRequestContext>) {
        let registry = registry
        router.get("/metrics") { _, _ -> Response in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16 * 1024)
            registry.emit(into: &bytes)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/healthz") { _, _ -> Response in
            Self.json(.ok, #"{"status":"ok"}"#)
        }
        let checks = checks
        router.get("/readyz") { _, _ -> Response in
            let readiness = await Readiness.check(checks)
            return Self.json(readiness.isReady ? .ok : .serviceUnavailable, readiness.json)
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
