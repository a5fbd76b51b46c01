import ChainKit

/// The outcome of every readiness check, run concurrently, and its `/readyz` JSON.
struct Readiness: Sendable {
    /// `(name, "ok" | "down: reason")` in the checks' order.
    var results: [(name: String, result: String)]

    var isReady: Bool { results.allSatisfy { $0.result == "ok" } }

    /// `{"status":"ready"|"unready","checks":{"redis":"ok",…}}`, keys in the checks' order.
    var json: String {
        JSONValue.object([
            JSONMember("status", .string(isReady ? "ready" : "unready")),
            JSONMember("checks", .object(results.map { JSONMember($0.name, .string($0.result)) })),
        ]).serialized()
    }

    static func check(_ checks: [ReadinessCheck]) async -> Readiness {
        var found = [String?](repeating: nil, count: checks.count)
        await withTaskGroup(of: (Int, String).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await check.run()) }
            }
            for await (index, result) in group { found[index] = result }
        }
        return Readiness(results: zip(checks, found).map { ($0.name, $1 ?? "down: not checked") })
    }
}
