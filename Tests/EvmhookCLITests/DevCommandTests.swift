import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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
        _ = try await dev.waitForLine(containing: "EVMHOOK_REDIS_URL='redis://")

        let event = try await dev.waitForLine(containing: "verified  block", timeout: .seconds(60))
        #expect(event.contains(" tx 0x"))
        try await Self.expectTheAPIAcceptsALocalReceiver(of: dev)

        await dev.stop(signal: SIGINT)
        #expect(dev.exitStatus == 0)
        #expect(!FileManager.default.fileExists(atPath: directory))
        await #expect(throws: ChildProcess.Failure.self) {
            try await dev.waitForLine(containing: "REJECTED", timeout: .seconds(1))
        }
    }

    /// A Ctrl-C while dev is still starting stops what it started and removes its data. Signals were caught only
    /// once the services ran: before that, Ctrl-C killed dev outright, leaving its Redis running and its directory.
    @Test func aCtrlCDuringStartUpStopsWhatItStartedAndRemovesItsData() async throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dev-start-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        let dev = try ChildProcess(
            try EvmhookBinary.executable().path, ["dev"],
            environment: [
                "EVMHOOK_REDIS_URL": "", "EVMHOOK_DATABASE_URL": "", "EVMHOOK_RPC_URL": "",
                "EVMHOOK_API_ADDR": "127.0.0.1:0", "TMPDIR": temporary.path,
            ])
        // Its data directory appears as it starts Redis, which it does after it begins catching signals.
        try await waitUntil("dev's data directory") { !Self.entries(of: temporary).isEmpty }
        await dev.stop(signal: SIGINT)
        #expect(dev.exitStatus == 0)
        #expect(Self.entries(of: temporary).isEmpty)
        #expect(Self.processes(workingUnder: temporary).isEmpty, "left running: Redis or PostgreSQL")
    }

    private static func entries(of directory: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    }

    /// Processes whose working directory is `directory` or below (Redis and PostgreSQL run in their data directories).
    private static func processes(workingUnder directory: URL) -> [String] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { Int($0) != nil } ?? []
        return pids.filter { pid in
            let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
            return cwd?.hasPrefix(directory.path) == true
        }
    }

    /// CONTRACT.md: EVMHOOK_ALLOW_PRIVATE_TARGETS is 1 in dev, so its admin API takes a receiver on this machine as
    /// the CLI does (it refused one as a private target).
    private static func expectTheAPIAcceptsALocalReceiver(of dev: ChildProcess) async throws {
        let databaseLine = try await dev.waitForLine(containing: "EVMHOOK_DATABASE_URL='")
        let databaseURL = try #require(
            databaseLine.range(of: "EVMHOOK_DATABASE_URL='").map {
                String(databaseLine[$0.upperBound...].prefix { $0 != "'" })
            })
        let created = try await EvmhookBinary.run(
            ["apikey", "create", "--name", "dev-test", "--scope", "write", "--json"],
            environment: ["EVMHOOK_DATABASE_URL": databaseURL])
        let key = try #require(
            (try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])?["key"] as? String)
        let listening = try await dev.waitForLine(containing: "admin API listening on ")
        let base = try #require(listening.range(of: "http://").map { String(listening[$0.lowerBound...]) })
        var request = URLRequest(url: try #require(URL(string: base + "/v1/endpoints")))
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"url": "http://127.0.0.1:9000/webhook", "chain_id": 31337}"#.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: body, as: UTF8.self))")
    }
}
