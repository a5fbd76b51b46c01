import Foundation
import Testing

@testable import AdminAPI

/// Which requests the handler answers itself, and that what it writes is what Hummingbird would have written.
@Suite("CachedEndpointChannelHandler")
struct CachedEndpointChannelHandlerTests {
    typealias Handler = CachedEndpointChannelHandler

    @Test func takesTheEndpointPathWithItsID() {
        let id = UUID(uuidString: "0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b")
        #expect(Handler.endpointID(inPath: "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b") == id)
        #expect(Handler.endpointID(inPath: "/v1/endpoints/0B6F3C5E-9D2A-4F1E-8C7B-2A1D0E9F8C7B") == id)
    }

    @Test(arguments: [
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b/",
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b/stats",
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7",
        "/v1/endpoints/0b6f3c5e+9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v1/endpointsX0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v2/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v1/endpoints",
        "/v1/endpoints/",
        "",
    ])
    func leavesEveryOtherPathToTheRouter(path: String) {
        #expect(Handler.endpointID(inPath: path) == nil)
    }

    /// The same kept answer twice in one write: once as the handler writes it, once through Hummingbird (any
    /// `Connection` header sends a request there). Only the `Date` may differ, and only by the second it was sent in.
    @Test func theHandlersAnswerIsByteForByteHummingbirds() async throws {
        try await AdminAPIHarness.with { api in
            let (port, path) = try await keptAnswer(api)
            let answers = try await RawHTTPConnection.exchange(
                port: port, get(path, api.readKey) + get(path, api.readKey, "Connection: keep-alive"), answers: 2)
            let (handler, hummingbird) = (answers[0], answers[1])
            #expect(handler.status == 200)
            #expect(handler.body == hummingbird.body)
            let undated = { (answer: RawHTTPConnection.Response) in answer.head.filter { !$0.hasPrefix("Date:") } }
            #expect(undated(handler) == undated(hummingbird))
            let dates = try [handler, hummingbird].map { try #require($0.header("date")) }
            #expect(dates.allSatisfy { $0.wholeMatch(of: /\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT/) != nil })
            #expect(handler.head.last?.hasPrefix("Date:") == true, "\(handler.head)")
        }
    }

    /// A request the handler could answer at once waits behind one passed on before it: a pipelining client gets
    /// its answers in the order it asked.
    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await AdminAPIHarness.with { api in
            let (port, path) = try await keptAnswer(api)
            let list = get("/v1/endpoints", api.readKey)
            let kept = get(path, api.readKey)
            let answers = try await RawHTTPConnection.exchange(port: port, list + kept + list + kept, answers: 4)
            let kinds = try answers.map { answer in
                let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
                return object["data"] != nil ? "list" : object["id"] != nil ? "endpoint" : "other"
            }
            #expect(kinds == ["list", "endpoint", "list", "endpoint"])
        }
    }

    @Test func aClientAskingToCloseIsAnsweredAndTheConnectionClosed() async throws {
        try await AdminAPIHarness.with { api in
            let (port, path) = try await keptAnswer(api)
            let answers = try await RawHTTPConnection.exchange(
                port: port, get(path, api.readKey, "Connection: close"), answers: 1, untilClosed: true)
            #expect(answers.first?.status == 200)
        }
    }

    @Test func datesAreWrittenAsRFC9110Asks() {
        // Expected values from Python's `email.utils.formatdate(t, usegmt=True)`.
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(951_829_261) == "Tue, 29 Feb 2000 13:01:01 GMT")
        #expect(HTTPDate.format(1_799_999_999) == "Fri, 15 Jan 2027 07:59:59 GMT")
    }

    /// The API's port and the path of an endpoint whose answer is kept (the second read encodes it, the third is
    /// answered from it).
    private func keptAnswer(_ api: AdminAPIHarness) async throws -> (port: Int, path: String) {
        let id = try #require(try await api.createEndpoint()["id"] as? String)
        let path = "/v1/endpoints/\(id)"
        for _ in 1...3 { #expect(try await api.read(path).status == 200) }
        let port = try #require(URL(string: api.baseURL)?.port)
        return (port, path)
    }

    private func get(_ path: String, _ key: String, _ extra: String? = nil) -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n"
            + (extra.map { $0 + "\r\n" } ?? "") + "\r\n"
    }
}
