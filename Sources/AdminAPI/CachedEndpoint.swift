import HTTPTypes
import NIOCore
import Store
import Threading

/// An endpoint kept by `AdminCaches`, with the `GET /v1/endpoints/{id}` answer once one was encoded from it (or from a
/// later version of it: see `CachedEndpointResponses`). Both leave the cache together, so whatever evicts the endpoint
/// (a NOTIFY, this process's own write) also forgets its encoded answer.
final class CachedEndpoint: Sendable {
    /// The answer as the generated server encoded it: status line, headers and body bytes; also the head and buffer
    /// `CachedEndpointChannelHandler` writes (the buffer shared by every answer, never copied).
    struct Answer: Sendable {
        let head: HTTPResponse
        let body: [UInt8]
        /// `head` with the `Content-Length` Hummingbird adds when it writes a body of known size.
        let wireHead: HTTPResponse
        let buffer: ByteBuffer

        init(head: HTTPResponse, body: [UInt8]) {
            self.head = head
            self.body = body
            var wireHead = head
            wireHead.headerFields[.contentLength] = String(body.count)
            self.wireHead = wireHead
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
