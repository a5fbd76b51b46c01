import ArgumentParser
import Curl
import Foundation
import Logging

/// `evmhook-bench http`: webhook-sized POSTs per second through `HTTPClient` with a fixed number in flight.
struct HTTPBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "POSTs/s through HTTPClient to a local receiver; last line {\"http_rps\":N}."
    )

    @Option(help: "The receiver, on loopback (e.g. nginx from shared/bench/nginx-204).")
    var url: String

    @Option(help: "How long to measure, after a short warm-up.")
    var seconds: Double = 8

    @Option(help: "Requests in flight at once; also the connection cap.")
    var concurrency: Int = 64

    @Option(help: "A file whose contents are the POST body (default: a 937-byte webhook).")
    var body: String?

    func run() async throws {
        let payload = try body.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) } ?? Self.webhookBody
        // Loopback only: a benchmark must never be able to send traffic anywhere else.
        let configuration = HTTPClient.Configuration(
            maxConnectionsPerHost: concurrency,
            maxConnections: concurrency,
            addressGuard: AddressGuard(allowing: [.loopback])
        )
        let client = try HTTPClient(configuration: configuration, logger: Logger(label: "evmhook-bench.http"))
        let request = HTTPRequest(
            method: .post,
            url: url,
            headers: [
                HTTPHeader("content-type", "application/json"),
                HTTPHeader("webhook-id", "msg_2b6f1c0e3a9d4e5f"),
                HTTPHeader("webhook-timestamp", "1700000000"),
                HTTPHeader("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="),
            ],
            body: payload,
            timeout: .seconds(10)
        )
        print("http: POST \(payload.count)-byte bodies, \(concurrency) in flight, \(seconds) s")
        _ = try await measure(client, request, for: .milliseconds(500))
        let result = try await measure(client, request, for: .milliseconds(Int(seconds * 1000)))
        await client.shutdown()
        let rate = Int((Double(result.succeeded) / result.elapsed).rounded())
        let perRequest = result.elapsed / Double(max(result.succeeded, 1)) * 1e6
        print("http: \(result.succeeded) succeeded, \(result.failed) failed in \(result.elapsed) s")
        print("http: \(rate) POSTs/s (\(String(format: "%.1f", perRequest)) µs wall per request)")
        print("{\"http_rps\":\(rate)}")
    }

    private struct Outcome {
        var succeeded = 0
        var failed = 0
        var elapsed = 0.0
    }

    /// Runs `concurrency` loops of back-to-back sends until `duration` has passed.
    private func measure(
        _ client: HTTPClient,
        _ request: HTTPRequest,
        for duration: Duration
    ) async throws -> Outcome {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + duration
        var total = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var outcome = Outcome()
                    while clock.now < deadline {
                        let response = try? await client.send(request)
                        if let response, (200..<300).contains(response.status) {
                            outcome.succeeded += 1
                        } else {
                            outcome.failed += 1
                        }
                    }
                    return outcome
                }
            }
            return try await group.reduce(into: Outcome()) { total, outcome in
                total.succeeded += outcome.succeeded
                total.failed += outcome.failed
            }
        }
        let elapsed = clock.now - start
        total.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if total.succeeded == 0 {
            throw ValidationError("no request succeeded: is \(url) a receiver answering 2xx on loopback?")
        }
        return total
    }

    /// A webhook in the contract's format, the size of shared/bench/webhook-body.json.
    private static let webhookBody: [UInt8] = {
        let data = """
            {"type":"evm.log","timestamp":"2026-11-22T10:00:00Z","data":{"chainId":1,"blockNumber":18000000,\
            "blockHash":"0x\(String(repeating: "ab", count: 32))","blockTimestamp":1696800000,\
            "transactionHash":"0x\(String(repeating: "cd", count: 32))","transactionIndex":12,"logIndex":45,\
            "address":"0x\(String(repeating: "ef", count: 20))","topics":\
            ["0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",\
            "0x000000000000000000000000\(String(repeating: "11", count: 20))",\
            "0x000000000000000000000000\(String(repeating: "22", count: 20))"],\
            "data":"0x\(String(repeating: "0", count: 62))64","removed":false,\
            "decoded":{"name":"Transfer","signature":"Transfer(address,address,uint256)",\
            "args":{"from":"0x\(String(repeating: "11", count: 20))","to":"0x\(String(repeating: "22", count: 20))",\
            "value":"100"}}}}
            """
        return Array(data.utf8)
    }()
}
