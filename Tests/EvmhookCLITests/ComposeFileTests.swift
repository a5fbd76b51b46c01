import Foundation
import TestSupport
import Testing

/// docker-compose.yml cannot be started here (no Docker engine), so each evmhook service's command runs against the
/// built binary, with `--help` and the service's environment: the command must exist, and every variable must be
/// one evmhook reads.
@Suite struct ComposeFileTests {
    struct Service: Decodable {
        let command: [String]
        let environment: [String: String]
        let replicas: Int
    }

    static func services() throws -> [String: Service] {
        let root = TestEnvironment.repositoryRoot
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", root.appendingPathComponent("Tests/Servers/compose_services.py").path,
            root.appendingPathComponent("docker-compose.yml").path,
        ]
        let output = Pipe()
        python.standardOutput = output
        try python.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0, "compose_services.py failed (is PyYAML installed?)")
        return try JSONDecoder().decode([String: Service].self, from: data)
    }

    @Test func runsMigrateOnceThenTheThreeServicesWithReplicas() throws {
        let services = try Self.services()
        #expect(Set(services.keys) == ["migrate", "ingest", "process", "deliver"])
        #expect(services["process"]?.replicas == 2)
        #expect(services["deliver"]?.replicas == 2)
        #expect(services["ingest"]?.environment["EVMHOOK_RPC_URL"] != nil)
    }

    @Test func everyServiceCommandAndVariableIsAcceptedByTheBinary() async throws {
        for (name, service) in try Self.services() {
            let result = try await EvmhookBinary.run(service.command + ["--help"], environment: service.environment)
            #expect(result.status == 0, "\(name): \(service.command) --help failed: \(result.stderr)")
            #expect(result.stdout.contains("USAGE: evmhook \(service.command[0])"), "\(name): \(result.stdout)")
            #expect(!result.stderr.contains("is not an evmhook setting"), "\(name): \(result.stderr)")
        }
    }
}

/// A misspelt variable would silently leave a default in place: evmhook names it.
@Suite struct UnknownVariableTests {
    @Test func anUnknownEvmhookVariableIsWarnedAbout() async throws {
        let result = try await EvmhookBinary.run(
            ["migrate", "--help"], environment: ["EVMHOOK_REDIS_URLL": "redis://x", "EVMHOOK_DATABASE_URL": "x"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("EVMHOOK_REDIS_URLL is not an evmhook setting"))
        #expect(!result.stderr.contains("EVMHOOK_DATABASE_URL"))
    }
}
