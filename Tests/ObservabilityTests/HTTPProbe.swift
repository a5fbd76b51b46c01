import Curl
import Foundation
import Logging

/// GETs against the operational routes, as Prometheus or a Kubernetes probe would.
struct HTTPProbe {
    struct Answer {
        let status: Int
        let contentType: String?
        let body: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let client: HTTPClient

    init() throws {
        client = try HTTPClient(
            configuration: .init(bodyCaptureLimit: 16 << 20, addressGuard: .allowingEverything),
            logger: Logger(label: "test.probe"))
    }

    func get(_ url: String) async throws -> Answer {
        let response = try await client.send(HTTPRequest(url: url, timeout: .seconds(60)))
        return Answer(
            status: response.status, contentType: response.headerValue("content-type"),
            body: String(decoding: response.body, as: UTF8.self))
    }

    /// Polls `url` until `condition` holds, or fails after `deadline` with the last answer.
    @discardableResult
    func waitFor(
        _ what: String, at url: String, within deadline: Duration = .seconds(30),
        _ condition: (Answer) throws -> Bool
    ) async throws -> Answer {
        let end = ContinuousClock.now + deadline
        while true {
            let answer = try? await get(url)
            if let answer, try condition(answer) { return answer }
            guard ContinuousClock.now < end else {
                throw Failure(
                    description: "\(what) not seen at \(url) within \(deadline); last: \(answer?.status ?? 0) "
                        + "\(answer?.body.prefix(500) ?? "no answer")")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func shutdown() async {
        await client.shutdown()
    }
}
