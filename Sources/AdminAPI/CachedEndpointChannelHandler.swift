import Admin
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Store
import UUIDText

/// `GET /v1/endpoints/{id}` answered in the connection's channel pipeline, before Hummingbird sees the request, when
/// both the caller's key and the endpoint's encoded answer are cached: the request then costs a path check, a hash,
/// two dictionary reads and a write of kept bytes, all on the event loop.
///
/// The read clients poll was over the 5 ms p99 issue 10 asks. Answered as a Hummingbird responder before routing it
/// still cost ~35 µs of CPU, more than half of it NIO's async channel carrying the request to a task and the answer
/// back (perf, BENCHMARKS.md); here that hop is gone. Anything this handler does not find (an unknown or revoked key,
/// an endpoint not cached or not yet encoded, an `Accept` to negotiate, a `Connection` header, any other path) goes
/// on to Hummingbird, whose middlewares authenticate, answer and fill the caches exactly as before; so this handler
/// never decides anything they would decide differently.
///
/// A pipelining client must get its answers in order: while a request passed on is unanswered, the next ones are
/// passed on too.
final class CachedEndpointChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Request {
        case answering(CachedEndpoint.Answer)
        case passedOn
    }

    private let keys: NotifiedCache<String, APIKey>
    private let endpoints: NotifiedCache<UUID, CachedEndpoint>
    /// The request being read, from its head to its end.
    private var current: Request?
    /// Requests passed on whose answer has not been written yet.
    private var unanswered = 0
    private var date = HTTPDate()

    init(keys: NotifiedCache<String, APIKey>, endpoints: NotifiedCache<UUID, CachedEndpoint>) {
        self.keys = keys
        self.endpoints = endpoints
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch (unwrapInboundIn(data), current) {
        case (.head(let request), _):
            if unanswered == 0, let answer = cachedAnswer(for: request) {
                current = .answering(answer)
                return
            }
            current = .passedOn
            unanswered += 1
        case (.body, .answering):
            return  // A GET's body means nothing; the router would not read it either.
        case (.end, .answering(let answer)):
            current = nil
            write(answer, context: context)
            return
        case (.end, _):
            current = nil
        case (.body, _):
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { unanswered -= 1 }
        context.write(data, promise: promise)
    }

    private func cachedAnswer(for request: HTTPRequest) -> CachedEndpoint.Answer? {
        guard request.method == .get, let path = request.path, let id = Self.endpointID(inPath: path),
            request.headerFields[.connection] == nil, let header = request.headerFields[.authorization],
            let secret = BearerToken.parse(header), let hash = APIKeyOperations.hash(ofKey: secret),
            keys.cachedValue(for: hash) != nil, CachedEndpointResponses.acceptsJSON(request)
        else { return nil }
        return endpoints.cachedValue(for: id)?.answer
    }

    /// What Hummingbird writes for the same answer: its head with `Content-Length` and `Date`, the body, the end.
    private func write(_ answer: CachedEndpoint.Answer, context: ChannelHandlerContext) {
        var head = answer.wireHead
        head.headerFields[.date] = date.now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(answer.buffer)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    /// The id of a path that is exactly `/v1/endpoints/{id}`; nil for any other (the router resolves those, a
    /// trailing slash included).
    static func endpointID(inPath path: String) -> UUID? {
        let prefix = "/v1/endpoints/".utf8
        let utf8 = path.utf8
        guard utf8.count == prefix.count + 36, utf8.starts(with: prefix) else { return nil }
        return UUID(text: ArraySlice(utf8.dropFirst(prefix.count)))
    }
}
