import ArgumentParser
import Foundation
import Hiredis
import Logging

/// `evmhook-bench redis`: LPUSH+BRPOP pairs per second through `RedisConnection`, one at a time and pipelined.
struct RedisBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis",
        abstract: "LPUSH+BRPOP pairs/s through the Redis wrapper, unpipelined and pipelined."
    )

    @Option(help: "The Redis server, redis://[[user]:password@]host[:port][/db].")
    var url: String

    @Option(help: "Seconds each of the two measurements runs.")
    var seconds: Double = 5

    @Option(help: "Pairs per pipelined round.")
    var batch: Int = 100

    func run() async throws {
        guard seconds > 0, batch > 0 else {
            printError("--seconds and --batch must be positive")
            throw ExitCode(2)
        }
        let redisURL: RedisURL
        do {
            redisURL = try RedisURL(url)
        } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        do {
            let redis = try await RedisConnection.connect(to: redisURL, logger: Logger(label: "evmhook-bench.redis"))
            let key = RedisArgument("evmhook-bench:redis:\(ProcessInfo.processInfo.processIdentifier)")
            let payload = RedisArgument(bytes: Array(repeating: 0x61, count: 64))
            print("redis: \(redisURL), 64-byte values, \(seconds) s per measurement")

            let single = try await measure { try await onePair(redis, key: key, payload: payload) }
            print("redis unpipelined (LPUSH then BRPOP, one connection): \(single.line)")
            let pipelined = try await measure { try await pipelinedPairs(redis, key: key, payload: payload) }
            print("redis pipelined (\(batch) pairs per round): \(pipelined.line)")

            _ = try await redis.send(["DEL", key])
            await redis.close()
            print(#"{"redis_pairs_s":\#(single.rate),"redis_pipelined_pairs_s":\#(pipelined.rate)}"#)
        } catch {
            printError("redis benchmark failed: \(error)")
            throw ExitCode(1)
        }
    }

    private func onePair(_ redis: RedisConnection, key: RedisArgument, payload: RedisArgument) async throws -> Int {
        _ = try await redis.send(["LPUSH", key, payload])
        guard try await redis.send(["BRPOP", key, "1"]).array?.count == 2 else { throw Lost() }
        return 1
    }

    private func pipelinedPairs(
        _ redis: RedisConnection,
        key: RedisArgument,
        payload: RedisArgument
    ) async throws -> Int {
        let pushes: [[RedisArgument]] = Array(repeating: ["LPUSH", key, payload], count: batch)
        let pops: [[RedisArgument]] = Array(repeating: ["BRPOP", key, "1"], count: batch)
        let replies = try await redis.pipeline(pushes + pops)
        guard replies.suffix(batch).allSatisfy({ $0.array?.count == 2 }) else { throw Lost() }
        return batch
    }

    /// Repeats `round` (which returns the pairs it completed) for `seconds`.
    private func measure(_ round: () async throws -> Int) async throws -> Measurement {
        let clock = ContinuousClock()
        let start = clock.now
        let end = start + .milliseconds(Int64(seconds * 1000))
        var pairs = 0
        while clock.now < end { pairs += try await round() }
        return Measurement(pairs: pairs, elapsed: clock.now - start)
    }

    private func printError(_ message: String) {
        FileHandle.standardError.write(Data("evmhook-bench redis: \(message)\n".utf8))
    }

    private struct Measurement {
        let pairs: Int
        let elapsed: Duration

        var rate: Int {
            let (seconds, attoseconds) = elapsed.components
            return Int(Double(pairs) / (Double(seconds) + Double(attoseconds) / 1e18))
        }

        var line: String { "\(pairs) pairs in \(elapsed) = \(rate) pairs/s" }
    }

    /// A pop found the list empty: a push was lost, so the figures would be wrong.
    private struct Lost: Error, CustomStringConvertible {
        var description: String { "BRPOP timed out on a list that should hold the pushed value" }
    }
}
