import Curl
import Foundation
import TestSupport

/// `Tests/Servers/http_receiver.py` running for one test, on its own port, counting the connections it accepts.
final class Receiver: Sendable {
    struct Stats: Decodable {
        let connections: Int
        let maxConcurrent: Int
        let open: Int
        let requests: Int

        enum CodingKeys: String, CodingKey {
            case connections, open, requests
            case maxConcurrent = "max_concurrent"
        }
    }

    let port: Int
    /// Whether the receiver could also listen on ::1 (the machine has IPv6 loopback).
    let hasIPv6: Bool
    let scheme: String
    /// The certificate to trust for HTTPS, nil for HTTP.
    let certificate: String?
    private let process: ChildProcess

    /// Starts the receiver; with `tls`, it serves HTTPS with that certificate and key.
    init(tls: (certificate: String, key: String)? = nil) async throws {
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Servers/http_receiver.py").path
        let options = tls.map { ["--tls", $0.certificate, $0.key] } ?? []
        process = try ChildProcess("/usr/bin/python3", [script] + options)
        let line = try await process.waitForLine(containing: "LISTENING")
        let fields = Dictionary(
            uniqueKeysWithValues: line.split(separator: " ").dropFirst().map { field in
                let parts = field.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            }
        )
        guard let port = fields["port"].flatMap({ Int($0) }) else {
            throw TestFailure(description: "receiver printed no port: \(line)")
        }
        self.port = port
        hasIPv6 = fields["ipv6"] == "yes"
        scheme = tls == nil ? "http" : "https"
        certificate = tls?.certificate
    }

    /// `http://127.0.0.1:PORT/path`, or the same with another host literal (`[::1]`, `localhost`).
    func url(_ path: String, host: String = "127.0.0.1") -> String {
        "\(scheme)://\(host):\(port)\(path)"
    }

    /// What the receiver has seen so far; the request asking counts itself (one more request, maybe a connection).
    func stats() async throws -> Stats {
        let response = try await HTTPClient.withTestClient(
            .init(addressGuard: .allowingEverything, trustedCertificatesFile: certificate)
        ) { client in
            try await client.send(HTTPRequest(url: url("/stats")))
        }
        return try JSONDecoder().decode(Stats.self, from: Data(response.body))
    }

    /// Waits until the receiver has seen `requests` requests (the stats query included), or fails at `deadline`.
    func waitForRequests(_ requests: Int, within deadline: Duration = .seconds(10)) async throws {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while try await stats().requests < requests {
            guard clock.now < end else {
                throw TestFailure(description: "receiver did not see \(requests) requests in \(deadline)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
