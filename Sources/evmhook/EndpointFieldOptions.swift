import Admin
import ArgumentParser
import ChainKit
import Foundation
import Store

/// The fields `endpoint add` and `endpoint update` take (`--secret` is add's: a secret changes by rotation). Values
/// arrive as text and are checked by the shared `EndpointInput` (the API's checks), so that each refusal is one line
/// naming the flag (exit 2) and nothing is written.
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

    @Option(
        name: .customLong("rate-limit"),
        help: "Deliveries per second on average (a burst of one second's worth), 1–100000; `none` for no limit.")
    var rateLimit: String?

    @Option(
        name: .customLong("max-attempts"),
        help: "Attempts before a dead letter, 1–100; `default` for the retry schedule's length + 1.")
    var maxAttempts: String?

    @Option(name: .customLong("timeout-ms"), help: "Per-attempt timeout in milliseconds, 100–300000.")
    var timeout: String?

    @Option(help: "Free text shown by list and show.")
    var description: String?

    /// The fields as the shared operations take them; `--topic` and `--abi` are read here (their syntax is the
    /// CLI's), every value is checked by `EndpointInput`.
    func input() throws -> EndpointInput {
        var input = EndpointInput()
        input.url = url
        input.chainID = chain
        if !addresses.isEmpty { input.addresses = addresses }
        if !topics.isEmpty { input.topics = try Self.topicPositions(topics) }
        if !events.isEmpty { input.events = events }
        input.abiEvents = try abiFiles.flatMap(Self.abiEvents)
        input.rateLimitPerSecond = rateLimit.map { $0 == "none" ? .clear : .value($0) }
        input.maxAttempts = maxAttempts.map { $0 == "default" ? .clear : .value($0) }
        input.timeoutMilliseconds = timeout
        input.description = description
        return input
    }

    /// The flag each `FieldError.field` comes from.
    static let flags = [
        "url": "--url", "chain_id": "--chain", "addresses": "--address", "topics": "--topic", "events": "--event",
        "secret": "--secret", "rate_limit_per_second": "--rate-limit", "max_attempts": "--max-attempts",
        "timeout_ms": "--timeout-ms", "description": "--description", "grace_seconds": "--grace",
    ]

    /// A refused field as the CLI reports it: `--flag: message`, exit 2.
    static func inputError(_ error: FieldError) -> InputError {
        InputError(description: "\(flags[error.field] ?? error.field): \(error.message)")
    }

    /// Topic positions from `N=HASH[,HASH…]` / `N=any`; unnamed positions below the highest are left nil (any).
    static func topicPositions(_ specs: [String]) throws -> [[String]?] {
        var byPosition: [Int: [String]] = [:]
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
            byPosition[position] =
                parts[1] == "any"
                ? [] : parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let count = (byPosition.keys.max() ?? -1) + 1
        return (0..<count).map { byPosition[$0] }
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
}
