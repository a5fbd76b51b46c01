import Foundation
import TestSupport
import Testing

/// A Redis that wants a password: without it (every command refused with NOAUTH) or with a wrong one, each service
/// stops at once with exit 2 and one line naming the setting (CONTRACT.md); none retries the refusal forever.
@Suite struct RedisPasswordTests {
    @Test(arguments: ["ingest", "process", "deliver"])
    func aMissingOrWrongPasswordIsBadConfiguration(service: String) async throws {
        let server = try await RedisServerProcess(extraArguments: ["--requirepass", "right-one"])
        try await EndpointCLISchema.with { schema in
            for url in ["redis://127.0.0.1:\(server.port)/0", "redis://:wrong-one@127.0.0.1:\(server.port)/0"] {
                let result = try await EvmhookBinary.run(
                    [service],
                    environment: [
                        "EVMHOOK_REDIS_URL": url, "EVMHOOK_DATABASE_URL": schema.url,
                        "EVMHOOK_RPC_URL": "ws://127.0.0.1:1",
                    ])
                #expect(result.status == 2, "\(service) \(url): \(result.stderr)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.count == 1, "\(service): \(result.stderr)")
                #expect(result.stderr.contains("EVMHOOK_REDIS_URL"), "\(service): \(result.stderr)")
                #expect(!result.stderr.contains("wrong-one"), "no password in the message")
            }
        }
        await server.kill()
    }
}
