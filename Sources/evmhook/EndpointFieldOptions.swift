import ArgumentParser
import ChainKit
import Curl
import Delivery
import Foundation
import Store

/// The fields `endpoint add` and `endpoint update` take. Values arrive as text and are checked here, so that each
/// refusal is one line naming the flag (exit 2) and nothing is written.
struct EndpointFieldOptions: ParsableArguments {
    @Option(help: "Where webhooks are POSTed (http:// or https://).")
    var url: String?

    @Option(name: .customLong("chain"), help: "The chain id whose logs to deliver.")
    var chain: String?

    @Option(name: .customLong("address"), help: "A contract (0x + 40 hex digits); repeat for several; none = any.")
    var addresses: [String] = []

    @Option(
        name: .customLong("topic"),
        help: "N=HASH[,HASH…]: topic N (0–3) must be one of these hashes; N=any makes it a wildcard. Repeatable.")
    var topics: [String] = []

    @Option(
        name: .customLong("event"),
        help: ArgumentHelp(
            "An event to decode, as a signature (\"Transfer(address indexed from, …)\") or a JSON ABI fragment; sets "
                + "topic 0 unless --topic 0=… is given. Repeatable."))
    var events: [String] = []

    @Option(name: .customLong("abi"), help: "A JSON ABI file whose events are added as with --event. Repeatable.")
    var abiFiles: [String] = []

    @Option(help: "The signing secret, whsec_ + base64 of 24–64 bytes (default: generated).")
    var secret: String?

    @Option(name: .customLong("rate-limit"), help: "Deliveries per second at most, 1–100000; `none` for no limit.")
    var rateLimit: String?

    @Option(
        name: .customLong("max-attempts"),
        help: "Attempts before a dead letter, 1–100; `default` for the retry schedule's length + 1.")
    var maxAttempts: String?

    @Option(name: .customLong("timeout-ms"), help: "Per-attempt timeout in milliseconds, 100–300000.")
    var timeout: String?

    @Option(help: "Free text shown by list and show.")
    var description: String?

    /// Applies the given fields to `endpoint`. Events given replace the events and, unless this command sets
    /// topic 0 itself, topic 0 becomes the events' topic0s; topics given replace the topic positions.
    func apply(to endpoint: inout Endpoint, allowPrivateTargets: Bool) async throws {
        if let url { endpoint.url = try await Self.checkedURL(url, allowPrivateTargets: allowPrivateTargets) }
        if let chain { endpoint.chainID = try Self.chainID(chain) }
        if !addresses.isEmpty { endpoint.filter.addresses = try addresses.map(Self.address) }
        var explicitTopic0 = false
        if !topics.isEmpty {
            let positions = try Self.topicPositions(topics)
            endpoint.filter.topics = positions.topics
            explicitTopic0 = positions.setsTopic0
        }
        if !events.isEmpty || !abiFiles.isEmpty {
            endpoint.events = try events.map(Self.event) + abiFiles.flatMap(Self.abiEvents)
            let topic0s = Self.topic0s(of: endpoint.events)
            if !explicitTopic0 && !topic0s.isEmpty {
                if endpoint.filter.topics.isEmpty { endpoint.filter.topics = [[]] }
                endpoint.filter.topics[0] = topic0s
            }
        }
        if let secret {
            do {
                endpoint.secret = try WebhookSecret(parsing: secret).encoded
            } catch {
                throw InputError(description: "--secret: \(error)")
            }
        }
        if let rateLimit {
            endpoint.rateLimitPerSecond =
                rateLimit == "none" ? nil : try Self.integer("--rate-limit", rateLimit, in: 1...100_000)
        }
        if let maxAttempts {
            endpoint.maxAttempts =
                maxAttempts == "default" ? nil : try Self.integer("--max-attempts", maxAttempts, in: 1...100)
        }
        if let timeout { endpoint.timeoutMilliseconds = try Self.integer("--timeout-ms", timeout, in: 100...300_000) }
        if let description { endpoint.description = description }
    }

    /// The topic0 of every non-anonymous event, each once, in order.
    static func topic0s(of events: [EndpointEvent]) -> [Hash32] {
        var seen: Set<Hash32> = []
        return events.filter { !$0.event.anonymous }.map(\.event.topic0).filter { seen.insert($0).inserted }
    }

    /// `http(s)://host…`, whose host is not (and does not resolve to) an address the SSRF guard refuses.
    static func checkedURL(_ text: String, allowPrivateTargets: Bool) async throws -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else {
            throw InputError(description: "--url: '\(text)' is not an http:// or https:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw InputError(description: "--url: '\(text)' has no host")
        }
        let guardian: AddressGuard = allowPrivateTargets ? .allowingPrivateTargets : .publicOnly
        if let refusal = await guardian.refusal(forHost: host) {
            let fix =
                AddressGuard.allowingPrivateTargets.refusal(for: refusal.address) == nil
                ? "set EVMHOOK_ALLOW_PRIVATE_TARGETS=1 to allow private targets" : "never allowed"
            throw InputError(description: "--url: \(host) is \(refusal.address) (\(refusal.category)): \(fix)")
        }
        return text
    }

    static func chainID(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text), value > 0, value <= UInt64(Int64.max) else {
            throw InputError(description: "--chain: '\(text)' is not a chain id (a whole number from 1)")
        }
        return value
    }

    static func address(_ text: String) throws -> Address {
        do {
            return try Address(hex: text)
        } catch {
            throw InputError(description: "--address: '\(text)' is not an address (0x + 40 hex digits): \(error)")
        }
    }

    /// Topic positions from `N=HASH[,HASH…]` / `N=any`; unnamed positions below the highest are wildcards.
    static func topicPositions(_ specs: [String]) throws -> (topics: [[Hash32]], setsTopic0: Bool) {
        var byPosition: [Int: [Hash32]] = [:]
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, let position = Int(parts[0]),
                (0..<LogFilter.maximumTopicPositions).contains(position)
            else {
                throw InputError(description: "--topic: '\(spec)' is not N=HASH[,HASH…] with N from 0 to 3")
            }
            guard byPosition[position] == nil else {
                throw InputError(description: "--topic: position \(position) is given twice")
            }
            if parts[1] == "any" {
                byPosition[position] = []
                continue
            }
            byPosition[position] = try parts[1].split(separator: ",", omittingEmptySubsequences: false).map { hash in
                do {
                    return try Hash32(hex: hash)
                } catch {
                    throw InputError(description: "--topic: '\(hash)' is not a 32-byte hash (0x + 64 hex digits)")
                }
            }
        }
        let count = (byPosition.keys.max() ?? -1) + 1
        return ((0..<count).map { byPosition[$0] ?? [] }, byPosition[0] != nil)
    }

    /// A human signature, or a JSON fragment when the text starts with `{`.
    static func event(_ text: String) throws -> EndpointEvent {
        do {
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("{") {
                return try EndpointEvent(fragment: JSONValue.parse(text))
            }
            return try EndpointEvent(signature: text)
        } catch {
            throw InputError(description: "--event: '\(text.prefix(80))' is not an event: \(error)")
        }
    }

    /// The events of a JSON ABI file (an array of entries, or an artifact with `abi`), each kept as its fragment.
    static func abiEvents(_ path: String) throws -> [EndpointEvent] {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputError(description: "--abi: cannot read \(path): \(error.localizedDescription)")
        }
        do {
            // Parsed as a whole first: its errors name the entry at fault.
            _ = try ABIEvent.events(fromJSONABI: bytes)
            var json = try JSONValue.parse(bytes)
            if let abi = json["abi"] { json = abi }
            let fragments = json.arrayValue ?? [json]
            let events = try fragments.filter { $0["type"] == .string("event") }.map(EndpointEvent.init(fragment:))
            guard !events.isEmpty else { throw InputError(description: "--abi: \(path) declares no events") }
            return events
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(description: "--abi: \(path): \(error)")
        }
    }

    static func integer(_ flag: String, _ text: String, in range: ClosedRange<Int>) throws -> Int {
        guard let value = Int(text), range.contains(value) else {
            throw InputError(
                description: "\(flag): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
