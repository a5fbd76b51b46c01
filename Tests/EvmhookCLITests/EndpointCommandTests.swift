import Foundation
import LibPQ
import TestSupport
import Testing

/// `evmhook endpoint …` as users run it: the built binary against a migrated schema of the test PostgreSQL.
@Suite struct EndpointCommandTests {
    /// A host that never resolves (RFC 6761), so the private-target check has nothing to refuse.
    static let url = "https://hooks.example.invalid/in"
    static let transfer = "Transfer(address indexed from, address indexed to, uint256 value)"
    static let transferTopic0 = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    static let address = "0x" + String(repeating: "ab", count: 20)

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func addPrintsIdAndSecretOnceAndShowListNeverDo() async throws {
        try await EndpointCLISchema.with { schema in
            let added = try await schema.run(["endpoint", "add", "--url", Self.url, "--chain", "1"])
            #expect(added.status == 0, "\(added.stderr)")
            let lines = added.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            let id = try #require(lines.first?.split(separator: " ").last.map(String.init))
            let secret = try #require(lines.last?.split(separator: " ").last.map(String.init))
            #expect(lines.first?.hasPrefix("id: ") == true)
            #expect(secret.hasPrefix("whsec_") && Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)

            let shown = try await schema.run(["endpoint", "show", id, "--json"])
            #expect(shown.status == 0, "\(shown.stderr)")
            let object = try Self.json(shown.stdout)
            #expect(object["id"] as? String == id)
            #expect(object["url"] as? String == Self.url)
            #expect(object["chain_id"] as? Int == 1)
            #expect(object["enabled"] as? Bool == true)
            #expect(object["max_attempts"] is NSNull)
            #expect(object["secret"] == nil)
            #expect(!shown.stdout.contains(secret))

            let listed = try await schema.run(["endpoint", "list"])
            #expect(listed.stdout.contains(id) && !listed.stdout.contains(secret))
            let listedJSON = try await schema.run(["endpoint", "list", "--json"])
            let array = try #require(try JSONSerialization.jsonObject(with: Data(listedJSON.stdout.utf8)) as? [Any])
            #expect(array.count == 1)
        }
    }

    @Test func eventsSetTopic0UnlessTopic0IsGiven() async throws {
        try await EndpointCLISchema.with { schema in
            let fromEvent = try await schema.run([
                "endpoint", "add", "--url", Self.url, "--chain", "1", "--address", Self.address, "--address",
                Self.address.uppercased().replacingOccurrences(of: "0X", with: "0x"), "--event", Self.transfer,
                "--topic", "2=0x" + String(repeating: "01", count: 32), "--json",
            ])
            #expect(fromEvent.status == 0, "\(fromEvent.stderr)")
            let object = try Self.json(fromEvent.stdout)
            #expect((object["secret"] as? String)?.hasPrefix("whsec_") == true)
            let topics = try #require(object["topics"] as? [Any])
            #expect(topics.count == 3)
            #expect(topics[0] as? [String] == [Self.transferTopic0])
            #expect(topics[1] is NSNull)
            #expect(object["events"] as? [String] == [Self.transfer])
            #expect(object["addresses"] as? [String] == [Self.address])

            let explicit = try await schema.run([
                "endpoint", "add", "--url", Self.url, "--chain", "1", "--event", Self.transfer, "--topic", "0=any",
                "--json",
            ])
            #expect(try Self.json(explicit.stdout)["topics"] as? [NSNull] == [NSNull()])
        }
    }

    @Test func abiFileEventsAreKeptAsFragments() async throws {
        try await EndpointCLISchema.with { schema in
            let abi = TestEnvironment.repositoryRoot.appendingPathComponent("abi/erc20.json").path
            let added = try await schema.run([
                "endpoint", "add", "--url", Self.url, "--chain", "1", "--abi", abi, "--json",
            ])
            #expect(added.status == 0, "\(added.stderr)")
            let object = try Self.json(added.stdout)
            let events = try #require(object["events"] as? [[String: Any]])
            #expect(events.map { $0["name"] as? String } == ["Approval", "Transfer"])
            let topic0s = try #require((object["topics"] as? [Any])?.first as? [String])
            #expect(topic0s.count == 2 && topic0s.contains(Self.transferTopic0))
        }
    }

    @Test func updateChangesOnlyWhatIsGiven() async throws {
        try await EndpointCLISchema.with { schema in
            let added = try Self.json(
                try await schema.run([
                    "endpoint", "add", "--url", Self.url, "--chain", "1", "--event", Self.transfer, "--description",
                    "a",
                    "--json",
                ]).stdout)
            let id = try #require(added["id"] as? String)
            let updated = try await schema.run([
                "endpoint", "update", id, "--rate-limit", "10", "--max-attempts", "3", "--timeout-ms", "2000", "--json",
            ])
            #expect(updated.status == 0, "\(updated.stderr)")
            var object = try Self.json(updated.stdout)
            #expect(object["rate_limit_per_second"] as? Int == 10)
            #expect(object["max_attempts"] as? Int == 3)
            #expect(object["timeout_ms"] as? Int == 2000)
            #expect(object["description"] as? String == "a")
            #expect((object["topics"] as? [[String]]) == [[Self.transferTopic0]])

            // Topics without a topic 0 leave the one the stored events set (it was dropped: every event matched).
            let topic2 = "0x" + String(repeating: "ab", count: 32)
            let narrowed = try await schema.run(["endpoint", "update", id, "--topic", "2=\(topic2)", "--json"])
            #expect(narrowed.status == 0, "\(narrowed.stderr)")
            let topics = try #require(try Self.json(narrowed.stdout)["topics"] as? [Any])
            #expect(topics.count == 3)
            #expect(topics.first as? [String] == [Self.transferTopic0])
            #expect(topics.last as? [String] == [topic2])

            let cleared = try await schema.run([
                "endpoint", "update", id, "--no-events", "--rate-limit", "none", "--max-attempts", "default", "--json",
            ])
            object = try Self.json(cleared.stdout)
            #expect(object["rate_limit_per_second"] is NSNull)
            #expect(object["max_attempts"] is NSNull)
            // The events' topic 0 goes with them; the topic given stays.
            let left = try #require(object["topics"] as? [Any])
            #expect(left.count == 3 && left.first is NSNull && left.last as? [String] == [topic2])
            #expect((object["events"] as? [Any])?.isEmpty == true)

            // A secret changes by rotation (grace period, audited), not in place.
            let secret = "whsec_" + Data(repeating: 9, count: 32).base64EncodedString()
            let swapped = try await schema.run(["endpoint", "update", id, "--secret", secret])
            #expect(swapped.status == 2)
            #expect(
                swapped.stderr.contains("--secret") && swapped.stderr.contains("rotate-secret"), "\(swapped.stderr)")
            // So only `add` offers it.
            let updateHelp = try await schema.run(["endpoint", "update", "--help"])
            let addHelp = try await schema.run(["endpoint", "add", "--help"])
            #expect(updateHelp.status == 0 && !updateHelp.stdout.contains("--secret"), "\(updateHelp.stdout)")
            #expect(addHelp.status == 0 && addHelp.stdout.contains("--secret"), "\(addHelp.stdout)")
        }
    }

    @Test func enableDisableDeleteAndUnknownIDs() async throws {
        try await EndpointCLISchema.with { schema in
            let id = try #require(
                try Self.json(
                    try await schema.run(["endpoint", "add", "--url", Self.url, "--chain", "5", "--json"]).stdout)[
                        "id"] as? String)
            #expect(try await schema.run(["endpoint", "disable", id]).stdout == "disabled \(id)\n")
            #expect(
                try Self.json(try await schema.run(["endpoint", "show", id, "--json"]).stdout)["enabled"] as? Bool
                    == false)
            let enabled = try await schema.run(["endpoint", "enable", id, "--json"])
            #expect(try Self.json(enabled.stdout)["enabled"] as? Bool == true)
            #expect(try await schema.run(["endpoint", "delete", id]).status == 0)
            for command in ["show", "enable", "disable", "delete", "rotate-secret", "update"] {
                let missing = try await schema.run(["endpoint", command, id])
                #expect(missing.status == 2, "\(command)")
                #expect(missing.stderr.contains("no endpoint \(id)"), "\(command): \(missing.stderr)")
            }
            // The API's bound on the grace period, with the CLI's flag name.
            let live = try #require(
                try Self.json(
                    try await schema.run(["endpoint", "add", "--url", Self.url, "--chain", "5", "--json"]).stdout)[
                        "id"] as? String)
            let tooLong = try await schema.run(["endpoint", "rotate-secret", live, "--grace", "1000h"])
            #expect(tooLong.status == 2 && tooLong.stderr.contains("--grace: "), "\(tooLong.stderr)")
            let notUUID = try await schema.run(["endpoint", "show", "nope"])
            #expect(notUUID.status == 2 && notUUID.stderr.contains("not a UUID"))
        }
    }

    @Test func rotateSecretPrintsTheNewSecretAndKeepsTheOldForTheGrace() async throws {
        try await EndpointCLISchema.with { schema in
            let added = try Self.json(
                try await schema.run(["endpoint", "add", "--url", Self.url, "--chain", "1", "--json"]).stdout)
            let id = try #require(added["id"] as? String)
            let before = Date()
            let rotated = try await schema.run(["endpoint", "rotate-secret", id, "--grace", "2h", "--json"])
            #expect(rotated.status == 0, "\(rotated.stderr)")
            let object = try Self.json(rotated.stdout)
            let secret = try #require(object["secret"] as? String)
            #expect(secret != added["secret"] as? String && secret.hasPrefix("whsec_"))
            let expiry = try #require(object["previous_secret_expires_at"] as? String)
            let date = try #require(
                try? Date(expiry, strategy: .iso8601.year().month().day().time(includingFractionalSeconds: true)))
            #expect(abs(date.timeIntervalSince(before) - 7_200) < 60)
            let stored = try await schema.connection.query(
                "SELECT previous_secret FROM endpoints WHERE id = $1", [.uuid(try #require(UUID(uuidString: id)))])
            #expect(try stored[0].decode(String.self, "previous_secret") == added["secret"] as? String)
        }
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let field: String
        var environment: [String: String] = [:]
        var testDescription: String { name }
    }

    static let base = ["endpoint", "add", "--url", url, "--chain", "1"]
    static let refusals: [Refusal] = [
        Refusal(name: "url missing", arguments: ["endpoint", "add", "--chain", "1"], field: "--url"),
        Refusal(
            name: "url not http", arguments: ["endpoint", "add", "--url", "ftp://x.example/", "--chain", "1"],
            field: "--url"),
        Refusal(
            name: "url without host", arguments: ["endpoint", "add", "--url", "https:///in", "--chain", "1"],
            field: "--url"),
        Refusal(
            name: "url port out of range",
            arguments: ["endpoint", "add", "--url", "https://x.example:99999/in", "--chain", "1"],
            field: "--url: port 99999 is not from 1 to 65535"),
        Refusal(
            name: "literal loopback", arguments: ["endpoint", "add", "--url", "http://127.0.0.1:9/x", "--chain", "1"],
            field: "EVMHOOK_ALLOW_PRIVATE_TARGETS=1"),
        Refusal(
            name: "private network", arguments: ["endpoint", "add", "--url", "http://10.1.2.3/x", "--chain", "1"],
            field: "(private network)"),
        Refusal(
            name: "name resolving to loopback",
            arguments: ["endpoint", "add", "--url", "http://localhost/x", "--chain", "1"],
            field: "localhost is 127.0.0.1 (loopback)"),
        Refusal(
            name: "metadata even with the opt-in",
            arguments: ["endpoint", "add", "--url", "http://169.254.169.254/latest", "--chain", "1"],
            field: "never allowed", environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "1"]),
        Refusal(
            name: "a flag variable neither 0 nor 1", arguments: base,
            field: "EVMHOOK_ALLOW_PRIVATE_TARGETS must be 0 or 1, got 'yes'",
            environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "yes"]),
        Refusal(name: "chain missing", arguments: ["endpoint", "add", "--url", url], field: "--chain"),
        Refusal(name: "chain zero", arguments: ["endpoint", "add", "--url", url, "--chain", "0"], field: "--chain"),
        Refusal(
            name: "chain not a number", arguments: ["endpoint", "add", "--url", url, "--chain", "main"],
            field: "--chain"),
        Refusal(name: "address too short", arguments: base + ["--address", "0x1234"], field: "--address"),
        Refusal(
            name: "address not hex", arguments: base + ["--address", "0x" + String(repeating: "zz", count: 20)],
            field: "--address"),
        Refusal(
            name: "topic position 4", arguments: base + ["--topic", "4=0x" + String(repeating: "00", count: 32)],
            field: "--topic"),
        Refusal(
            name: "topic without position", arguments: base + ["--topic", "0x" + String(repeating: "00", count: 32)],
            field: "--topic"),
        Refusal(name: "topic not 32 bytes", arguments: base + ["--topic", "1=0x1234"], field: "--topic"),
        Refusal(
            name: "topic position twice",
            arguments: base + ["--topic", "1=any", "--topic", "1=0x" + String(repeating: "00", count: 32)],
            field: "--topic"),
        Refusal(
            name: "event signature", arguments: base + ["--event", "Transfer(address indexed from"], field: "--event"),
        Refusal(name: "event type", arguments: base + ["--event", "Transfer(uint7 value)"], field: "--event"),
        Refusal(
            name: "event fragment", arguments: base + ["--event", #"{"type":"function","name":"f"}"#], field: "--event"),
        Refusal(name: "abi file missing", arguments: base + ["--abi", "/nonexistent/abi.json"], field: "--abi"),
        Refusal(name: "abi file not JSON", arguments: base + ["--abi", "/etc/hostname"], field: "--abi"),
        Refusal(name: "secret prefix", arguments: base + ["--secret", "sk_123"], field: "--secret"),
        Refusal(name: "secret too short", arguments: base + ["--secret", "whsec_AAAA"], field: "--secret"),
        Refusal(name: "rate limit zero", arguments: base + ["--rate-limit", "0"], field: "--rate-limit"),
        Refusal(name: "max attempts too many", arguments: base + ["--max-attempts", "101"], field: "--max-attempts"),
        Refusal(name: "timeout too short", arguments: base + ["--timeout-ms", "50"], field: "--timeout-ms"),
    ]

    @Test(arguments: refusals)
    func invalidInputIsRefusedWithOneLineNamingTheFieldAndNothingWritten(refusal: Refusal) async throws {
        try await EndpointCLISchema.with { schema in
            let result = try await schema.run(refusal.arguments, environment: refusal.environment)
            #expect(result.status == 2)
            #expect(result.stderr.contains(refusal.field), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            #expect(result.stdout.isEmpty)
            #expect(try await schema.count() == 0)
        }
    }

    @Test func privateTargetsAreAcceptedWithTheOptIn() async throws {
        try await EndpointCLISchema.with { schema in
            let result = try await schema.run(
                ["endpoint", "add", "--url", "http://localhost:8080/in", "--chain", "1"],
                environment: ["EVMHOOK_ALLOW_PRIVATE_TARGETS": "1"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try await schema.count() == 1)
        }
    }

    @Test func anUnreachableDatabaseNamesTheSetting() async throws {
        let port = try FreePort.next()
        let result = try await EvmhookBinary.run(
            ["endpoint", "list"], environment: ["EVMHOOK_DATABASE_URL": "postgres://127.0.0.1:\(port)/none"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("EVMHOOK_DATABASE_URL"))
    }
}
