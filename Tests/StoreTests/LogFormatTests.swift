import Foundation
import TestSupport
import Testing

/// `EVMHOOK_LOG_FORMAT`, seen through `evmhook migrate`: a migration that RAISEs a NOTICE makes the command log it.
@Suite("EVMHOOK_LOG_FORMAT")
struct LogFormatTests {
    static let noisy = ["0001_noisy.sql": "DO $$ BEGIN RAISE NOTICE 'hello \"log\"'; END $$;"]

    @Test func jsonPrintsOneObjectPerLine() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.noisy)
            let result = try await EvmhookBinary.run(
                ["migrate", "--database-url", url, "--migrations", directory.url.path],
                environment: ["EVMHOOK_LOG_FORMAT": "json"]
            )
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(!lines.isEmpty)
            for line in lines {
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object?["level"] as? String != nil, "\(line)")
                #expect(object?["label"] as? String == "evmhook.migrate", "\(line)")
            }
            #expect(lines.contains { $0.contains(#"hello \"log\""#) })
        }
    }

    @Test func textIsTheDefault() async throws {
        try await withTestSchema { _, url in
            let directory = try MigrationsDirectory(Self.noisy)
            let result = try await EvmhookBinary.run([
                "migrate", "--database-url", url, "--migrations", directory.url.path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains("hello \"log\""))
            #expect(!result.stderr.hasPrefix("{"))
        }
    }

    @Test func anUnknownFormatIsExitCode2NamingTheVariable() async throws {
        let result = try await EvmhookBinary.run(["migrate"], environment: ["EVMHOOK_LOG_FORMAT": "xml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_LOG_FORMAT"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
