import Foundation
import TestSupport
import Testing

/// `evmhook dev` as a new user runs it: no configuration at all.
@Suite struct DevCommandTests {
    @Test func showsVerifiedEventsThenStopsCleanlyAndRemovesItsData() async throws {
        let dev = try ChildProcess(
            try EvmhookBinary.executable().path, ["dev", "--block-time", "200ms"],
            environment: [
                "EVMHOOK_MIGRATIONS_DIR": TestEnvironment.repositoryRoot.appendingPathComponent("migrations").path,
                "EVMHOOK_REDIS_URL": "", "EVMHOOK_DATABASE_URL": "", "EVMHOOK_RPC_URL": "",
                // The one setting given: the admin API on any free port, so tests running side by side never collide.
                "EVMHOOK_API_ADDR": "127.0.0.1:0",
            ])
        let dataLine = try await dev.waitForLine(containing: "(data in ", timeout: .seconds(120))
        let directory = try #require(
            dataLine.range(of: "(data in ").map { String(dataLine[$0.upperBound...].prefix { $0 != "," }) })
        #expect(FileManager.default.fileExists(atPath: directory))
        _ = try await dev.waitForLine(containing: "evmhook endpoint add --url")

        let event = try await dev.waitForLine(containing: "verified  block", timeout: .seconds(60))
        #expect(event.contains(" tx 0x"))

        await dev.stop(signal: SIGINT)
        #expect(dev.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: directory))
        await #expect(throws: ChildProcess.Failure.self) {
            try await dev.waitForLine(containing: "REJECTED", timeout: .seconds(1))
        }
    }
}
