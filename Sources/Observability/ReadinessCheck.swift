import Hiredis
import LibPQ
public import Logging
import Threading

/// One dependency `/readyz` checks: a cheap real round trip (a fresh connection and one command), bounded by
/// `timeout`. A fresh connection each time means a restarted server reads "ok" again at once, and a stuck one
/// costs the probe no more than the timeout.
public struct ReadinessCheck: Sendable {
    /// The key in `/readyz`'s `checks` (`redis`, `postgres`, `node`).
    public let name: String
    /// How long the round trip may take before the check reads "down".
    public let timeout: Duration
    let probe: @Sendable () async throws -> Void

    /// - Parameter probe: returns when the dependency answered; throws (an error with a safe description) when not.
    public init(name: String, timeout: Duration = .seconds(2), probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.timeout = timeout
        self.probe = probe
    }

    /// `PING` over a new connection to `url`.
    public static func redis(url: String, timeout: Duration = .seconds(2), logger: Logger) -> ReadinessCheck {
        ReadinessCheck(name: "redis", timeout: timeout) {
            var configuration = RedisConnection.Configuration()
            configuration.connectTimeout = timeout
            configuration.commandTimeout = timeout
            configuration.reconnectTimeout = .zero
            configuration.clientName = "evmhook-readyz"
            let connection = try await RedisConnection.connect(to: url, configuration: configuration, logger: logger)
            do {
                _ = try await connection.send(["PING"])
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        }
    }

    /// `SELECT 1` over a new connection to `url`.
    public static func postgres(url: String, timeout: Duration = .seconds(2), logger: Logger) -> ReadinessCheck {
        ReadinessCheck(name: "postgres", timeout: timeout) {
            let connection = try await PostgresConnection.connect(url: url, logger: logger)
            do {
                try await connection.query("SELECT 1")
            } catch {
                await connection.close()
                throw error
            }
            await connection.close()
        }
    }

    /// "ok", or "down: <one-line reason>" when the probe threw or did not return within the timeout.
    func run() async -> String {
        let result = Guarded<CheckedContinuation<String, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            result.withLock { $0 = continuation }
            // Whichever ends first answers; a probe stuck in a C call keeps its task until it returns, but the
            // request does not wait for it.
            let answer: @Sendable (String) -> Void = { text in result.withLock { $0.take() }?.resume(returning: text) }
            let timer = Task { [timeout] in
                do { try await Task.sleep(for: timeout) } catch { return }
                answer("down: no answer within \(timeout)")
            }
            Task { [probe] in
                do {
                    try await probe()
                    answer("ok")
                } catch {
                    answer("down: " + Self.oneLine("\(error)"))
                }
                timer.cancel()
            }
        }
    }

    /// The reason on one line, bounded, so the JSON stays small and log-friendly.
    static func oneLine(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
}
