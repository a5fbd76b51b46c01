import ArgumentParser
import ChainKit
import Foundation

/// `evmhook-bench chainkit`: Keccak-256 throughput, FilterIndex matching and `eth_getLogs` decoding rates.
struct ChainKitBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chainkit",
        abstract: "Keccak-256 MB/s and 64-byte hashes/s, FilterIndex matches/s, eth_getLogs decoding logs/s."
    )

    @Option(help: "Seconds to measure each figure.")
    var seconds: Double = 2

    func run() throws {
        var random = SplitMix(seed: 42)
        let keccak = measureKeccak(size: 1024)
        print(String(format: "keccak-256, 1 KiB inputs: %.1f MB/s", keccak.bytesPerSecond / 1e6))
        let small = measureKeccak(size: 64)
        print(String(format: "keccak-256, 64-byte inputs: %.0f hashes/s", small.hashesPerSecond))
        let filters = measureFilterIndex(&random)
        print(String(format: "FilterIndex, 10,000 filters: %.0f log matches/s", filters))
        let decoding = try measureGetLogsDecoding(&random)
        print(String(format: "eth_getLogs, 1,000-log response: %.0f logs/s", decoding))
        let figures: JSONValue = [
            "keccak_mb_s": .number(String(format: "%.1f", keccak.bytesPerSecond / 1e6)),
            "keccak64_hashes_s": .number(String(format: "%.0f", small.hashesPerSecond)),
            "filter_matches_s": .number(String(format: "%.0f", filters)),
            "getlogs_decode_logs_s": .number(String(format: "%.0f", decoding)),
        ]
        print(figures.serialized())
    }

    /// Runs `batch` until `seconds` pass; returns how many batches ran and the elapsed time.
    private func measure(_ batch: () -> Void) -> (batches: Int, elapsed: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        var batches = 0
        repeat {
            batch()
            batches += 1
        } while clock.now - start < .seconds(seconds)
        let elapsed = clock.now - start
        return (batches, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    private func measureKeccak(size: Int) -> (bytesPerSecond: Double, hashesPerSecond: Double) {
        var input = (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let perBatch = 1_000
        var equal = 0
        let (batches, elapsed) = measure {
            for round in 0..<perBatch {
                // A different input every time, and every digest compared: nothing can be hoisted or skipped.
                input[0] = UInt8(truncatingIfNeeded: round)
                if Keccak256.hash(input) == Hash32.zero { equal += 1 }
            }
        }
        precondition(equal == 0, "no input hashes to zero")
        let hashes = Double(batches * perBatch) / elapsed
        return (hashes * Double(size), hashes)
    }

    /// 10,000 filters shaped like webhook endpoints: 9,000 watch a contract (6,000 addresses, a third also pinning
    /// topic0), 900 an event of any contract (300 topic0s), 95 a recipient at topic 2, and 5 every log.
    private func measureFilterIndex(_ random: inout SplitMix) -> Double {
        let addresses = (0..<6_000).map { _ in Address(bytes: random.bytes(20))! }
        let topic0s = (0..<300).map { _ in Hash32(bytes: random.bytes(32))! }
        let recipients = (0..<500).map { _ in Hash32(bytes: random.bytes(32))! }
        var index = FilterIndex<Int>()
        for id in 0..<10_000 {
            let filter: LogFilter
            switch id {
            case 0..<9_000:
                let pin = id.isMultiple(of: 3) ? [[topic0s[id % topic0s.count]]] : []
                filter = LogFilter(addresses: [addresses[id % addresses.count]], topics: pin)
            case 9_000..<9_900:
                filter = LogFilter(topics: [[topic0s[id % topic0s.count]]])
            case 9_900..<9_995:
                filter = LogFilter(topics: [[], [], [recipients[id % recipients.count]]])
            default:
                filter = LogFilter()
            }
            index.insert(filter, for: id)
        }
        // Logs: half from watched contracts, half from others; topics from the same pools.
        let logs = (0..<4_096).map { number -> Log in
            let address =
                number.isMultiple(of: 2) ? addresses.randomElement(using: &random)! : Address(bytes: random.bytes(20))!
            let topics = [
                topic0s.randomElement(using: &random)!, Hash32(bytes: random.bytes(32))!,
                recipients.randomElement(using: &random)!,
            ]
            return Log(
                address: address, topics: topics, data: [], blockNumber: UInt64(number), blockHash: .zero,
                blockTimestamp: nil, transactionHash: .zero, transactionIndex: 0, logIndex: UInt64(number),
                removed: false
            )
        }
        var matched = 0
        let (batches, elapsed) = measure {
            for log in logs { matched &+= index.matches(log).count }
        }
        let average = Double(matched) / Double(batches * logs.count)
        print(String(format: "  (%.2f filters matched per log on average)", average))
        return Double(batches * logs.count) / elapsed
    }

    /// A 1,000-log response with geth's layout (3 topics and 64 data bytes a log), decoded by the fast path.
    private func measureGetLogsDecoding(_ random: inout SplitMix) throws -> Double {
        let logs: [JSONValue] = (0..<1_000).map { number in
            Log(
                address: Address(bytes: random.bytes(20))!,
                topics: (0..<3).map { _ in Hash32(bytes: random.bytes(32))! },
                data: random.bytes(64),
                blockNumber: 19_000_000 + UInt64(number / 20),
                blockHash: Hash32(bytes: random.bytes(32))!,
                blockTimestamp: 1_700_000_000,
                transactionHash: Hash32(bytes: random.bytes(32))!,
                transactionIndex: UInt64(number % 150),
                logIndex: UInt64(number),
                removed: false
            ).json
        }
        let body = RPCResponse(id: 1, outcome: .result(.array(logs))).json.serializedBytes()
        print("  (response of \(body.count) bytes)")
        var decoded = 0
        var failure: (any Error)?
        let (batches, elapsed) = measure {
            do {
                decoded &+= try Log.decodeGetLogsResponse(body).result.get().count
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        precondition(decoded == batches * 1_000, "every decode returns all logs")
        return Double(decoded) / elapsed
    }
}

/// A seeded generator, so every run benchmarks the same data.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}
