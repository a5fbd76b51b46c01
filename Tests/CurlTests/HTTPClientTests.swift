import Curl
import Foundation
import TestSupport
import Testing

/// The client against a real HTTP/1.1 receiver on loopback (allowed explicitly: the default guard refuses it).
@Suite struct HTTPClientTests {
    static let local = HTTPClient.Configuration(addressGuard: AddressGuard(allowing: [.loopback]))

    @Test(arguments: [1, 2])
    func thousandConcurrentPostsShareTheCappedKeptAliveConnections(threads: Int) async throws {
        let receiver = try await Receiver()
        var configuration = Self.local
        configuration.maxConnectionsPerHost = 8  // shared out: 4 per thread with two
        configuration.threads = threads
        let bodies = try await HTTPClient.withTestClient(configuration) { client in
            try await withThrowingTaskGroup(of: (Int, HTTPResponse).self) { group in
                for index in 0..<1_000 {
                    group.addTask {
                        let request = HTTPRequest(
                            method: .post,
                            url: receiver.url("/echo"),
                            headers: [HTTPHeader("Content-Type", "text/plain")],
                            body: Array("request \(index)".utf8)
                        )
                        return (index, try await client.send(request))
                    }
                }
                var bodies: [Int: String] = [:]
                for try await (index, response) in group {
                    #expect(response.status == 200)
                    bodies[index] = try JSONDecoder().decode(Echo.self, from: Data(response.body)).body
                }
                return bodies
            }
        }
        #expect(bodies.count == 1_000)
        #expect(bodies.allSatisfy { index, body in body == "request \(index)" })
        let stats = try await receiver.stats()
        #expect(stats.requests == 1_001)
        // The stats request comes from its own client, so it may add one connection of its own.
        #expect(stats.connections >= 2 && stats.connections <= 9)
        #expect(stats.maxConcurrent <= 9)
    }

    @Test func aSlowResponseFailsWithTimeoutAtTheDeadline() async throws {
        let receiver = try await Receiver()
        let started = ContinuousClock.now
        let error = try await HTTPClient.withTestClient(Self.local) { client in
            await client.failure(of: HTTPRequest(url: receiver.url("/slow?ms=60000"), timeout: .milliseconds(300)))
        }
        let elapsed = ContinuousClock.now - started
        #expect((error as? HTTPClientError)?.code == .timeout)
        // Not before the deadline, and long before the 60 s answer (the bound is loose: other tests load the machine).
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(30))
    }

    @Test func aRedirectIsReturnedAndNotFollowed() async throws {
        let receiver = try await Receiver()
        let response = try await HTTPClient.withTestClient(Self.local) { client in
            try await client.send(HTTPRequest(method: .post, url: receiver.url("/redirect"), body: Array("x".utf8)))
        }
        #expect(response.status == 302)
        #expect(response.headerValue("location") == "/ok")
        #expect(try await receiver.stats().requests == 2)  // the redirect and the stats query: no GET /ok
    }

    @Test func aBodyOverTheCaptureLimitKeepsAnExactPrefixAndItsFullLength() async throws {
        let receiver = try await Receiver()
        var configuration = Self.local
        configuration.bodyCaptureLimit = 1_000
        let (big, small) = try await HTTPClient.withTestClient(configuration) { client in
            let big = try await client.send(HTTPRequest(url: receiver.url("/big?bytes=300000")))
            let small = try await client.send(HTTPRequest(url: receiver.url("/big?bytes=10")))
            return (big, small)
        }
        #expect(big.status == 200)
        #expect(big.body == (0..<1_000).map { UInt8($0 % 251) })
        #expect(big.bodyLength == 300_000)
        #expect(big.isBodyTruncated)
        #expect(small.body == Array(0..<10))
        #expect(!small.isBodyTruncated)
        // The large body was read to its end, so its connection served the next request.
        #expect(try await receiver.stats().connections == 2)
    }

    @Test func headersAndBodyAreSentAndResponseHeadersReceived() async throws {
        let receiver = try await Receiver()
        let body = [UInt8](repeating: UInt8(ascii: "a"), count: 3_000)
        let response = try await HTTPClient.withTestClient(Self.local) { client in
            try await client.send(
                HTTPRequest(
                    method: .post,
                    url: receiver.url("/echo"),
                    headers: [
                        HTTPHeader("Content-Type", "application/json"),
                        HTTPHeader("webhook-id", "msg_1"),
                        HTTPHeader("X-Empty", ""),
                    ],
                    body: body
                )
            )
        }
        #expect(response.status == 200)
        #expect(response.headerValue("X-RECEIVER") == "http_receiver")
        #expect(response.headerValue("content-type") == "application/json")
        #expect(response.timing.total > .zero && response.timing.connect > .zero)
        #expect(response.timing.firstByte <= response.timing.total)
        let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        #expect(echo.method == "POST")
        #expect(echo.body == String(decoding: body, as: UTF8.self))
        let sent = Dictionary(echo.headers.map { ($0[0].lowercased(), $0[1]) }) { first, _ in first }
        #expect(sent["content-type"] == "application/json")
        #expect(sent["webhook-id"] == "msg_1")
        #expect(sent["x-empty"] == "")
        #expect(sent["content-length"] == "3000")
        #expect(sent["expect"] == nil)  // no 100-continue round trip for large bodies
    }

    @Test func eachRequestSendsExactlyItsOwnHeadersOnAReusedHandle() async throws {
        let receiver = try await Receiver()
        let long = String(repeating: "v", count: 2_000)  // beyond the first buffer of header lines
        let requests = [
            [HTTPHeader("x-first", "1"), HTTPHeader("x-second", "2"), HTTPHeader("x-third", "3")],
            [HTTPHeader("x-long", long)],
            [],
            [HTTPHeader("x-first", "again"), HTTPHeader("Expect", "")],
        ]
        // One at a time: each request reuses the handle (and header buffer) the one before it left idle.
        let echoed = try await HTTPClient.withTestClient(Self.local) { client in
            var echoed: [[String: String]] = []
            for headers in requests {
                let response = try await client.send(
                    HTTPRequest(method: .post, url: receiver.url("/echo"), headers: headers, body: Array("x".utf8)))
                let echo = try JSONDecoder().decode(Echo.self, from: Data(response.body))
                echoed.append(
                    Dictionary(echo.headers.map { ($0[0].lowercased(), $0[1]) }.filter { $0.0.hasPrefix("x-") }) {
                        first, _ in first
                    })
            }
            return echoed
        }
        #expect(echoed[0] == ["x-first": "1", "x-second": "2", "x-third": "3"])
        #expect(echoed[1] == ["x-long": long])
        #expect(echoed[2] == [:])
        #expect(echoed[3] == ["x-first": "again"])
        #expect(try await receiver.stats().connections == 2)  // one kept-alive connection, and the stats query's
    }

    @Test func aClosedPortFailsAsConnectionFailed() async throws {
        let port = try FreePort.next()
        let error = try await HTTPClient.withTestClient(Self.local) { client in
            await client.failure(of: HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        }
        #expect((error as? HTTPClientError)?.code == .connectionFailed)
    }

    @Test(arguments: ["ftp://127.0.0.1/file", "file:///etc/passwd", "127.0.0.1/ok", "http://[::1/ok", "gopher://x"])
    func urlsThatAreNotHttpAreRejected(url: String) async throws {
        let error = try await HTTPClient.withTestClient(Self.local) { client in
            await client.failure(of: HTTPRequest(url: url))
        }
        #expect((error as? HTTPClientError)?.code == .invalidURL)
    }

    @Test func aHeaderWithALineBreakIsRejectedBeforeSending() async throws {
        let receiver = try await Receiver()
        let error = try await HTTPClient.withTestClient(Self.local) { client in
            await client.failure(
                of: HTTPRequest(url: receiver.url("/ok"), headers: [HTTPHeader("X-A", "1\r\nX-Injected: yes")])
            )
        }
        #expect((error as? HTTPClientError)?.code == .invalidRequest)
        #expect(try await receiver.stats().requests == 1)
    }
}

/// What `/echo` returns.
struct Echo: Decodable {
    let method: String
    let path: String
    let headers: [[String]]
    let body: String
}
