import HTTPTypes
import NIOCore
import Store
import Threading

/// An endpoint kept by `AdminCaches`, with the `GET /v1/endpoints/{id}` answer once one was encoded from it (or from a
/// later version of it: see `CachedEndpointResponses`). Both leave the cache together, so whatever evicts the endpoint
/// (a NOTIFY, this process's own write) also forgets its encoded answer.
final class CachedEndpoint: Sendable {
    /// The answer as the generated server encoded it: status line, headers and body bytes, the latter also as the
    /// buffer `CachedEndpointFastPath` writes (shared by every answer, never copied).
    struct Answer: Sendable {
        let head: HTTPResponse
        let body: [UInt8]
        let buffer: ByteBuffer

        init(head: HTTPResponse, body: [UInt8]) {
            self.head = head
            self.body = body
            self.buffer = ByteBuffer(bytes: body)
        }
    }

    let endpoint: Endpoint
    private let encoded = Guarded<Answer?>(nil)

    init(_ endpoint: Endpoint) {
        self.endpoint = endpoint
    }

    var answer: Answer? { encoded.withLock { $0 } }

    func keep(_ answer: Answer) {
        encoded.withLock { $0 = answer }
    }
}
