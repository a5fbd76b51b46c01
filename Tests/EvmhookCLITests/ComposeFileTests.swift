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

    static func services() async throws -> [String: Service] {
        let compose = TestEnvironment.repositoryRoot.appendingPathComponent("docker-compose.yml").path
        let run = try await ProgramRun.python("compose_services.py", [compose])
        #expect(run.status == 0, "compose_services.py failed (is PyYAML installed?): \(run.stderr)")
        return try JSONDecoder().decode([String: Service].self, from: Data(run.stdout.utf8))
    }

    @Test func runsMigrateOnceThenTheThreeServicesWithReplicas() async throws {
        let services = try await Self.services()
        #expect(Set(services.keys) == ["migrate", "ingest", "process", "deliver"])
        #expect(services["process"]?.replicas == 2)
        #expect(services["deliver"]?.replicas == 2)
        #expect(services["ingest"]?.environment["EVMHOOK_RPC_URL"] != nil)
    }

    @Test func everyServiceCommandAndVariableIsAcceptedByTheBinary() async throws {
        for (name, service) in try await Self.services() {
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
