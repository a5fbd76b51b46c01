import ChainKit

/// A failure the dev chain answers instead of the real response, as nodes and providers do under load
/// (`Tests/Fixtures/rpc/errors/transport.json`).
public enum TransportFault: String, Sendable, CaseIterable {
    /// HTTP 429 with `Retry-After`, body as Infura words it.
    case rateLimited = "ratelimit-infura-429"
    /// geth's `-32000 header not found`, as a load-balanced node behind the head answers.
    case headerNotFound = "header-not-found-geth"
    /// An HTML 502 page from the proxy in front of the node.
    case badGateway = "malformed-html-502"
    /// A 200 response cut off after 200 bytes.
    case truncatedJSON = "malformed-truncated-json"
    /// A 200 response with an empty body.
    case emptyBody = "malformed-empty-body"
    /// `200 application/json` whose body is plain text.
    case invalidHost = "malformed-invalid-host-200"

    /// How long `rateLimited` asks clients to wait, in seconds.
    static let retryAfterSeconds = 1

    /// The HTTP reply for a request whose real answer would have been `realBody` with JSON-RPC id `id`.
    func reply(id: JSONValue, realBody: String) -> HTTPReply {
        switch self {
        case .rateLimited:
            let body =
                #"{"jsonrpc":"2.0","id":\#(id.serialized()),"error":{"code":-32005,"message":"#
                + #""project ID request rate exceeded","data":{"rate":{"allowed_rps":50,"backoff_seconds":1,"#
                + #""current_rps":52.3}}}}"#
            return HTTPReply(status: 429, body: body, headers: ["retry-after": String(Self.retryAfterSeconds)])
        case .headerNotFound:
            return HTTPReply(status: 200, body: RPCEnvelope.error(id: id, RPCFailure.headerNotFound))
        case .badGateway:
            let page =
                "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body bgcolor=\"white\">\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
            return HTTPReply(status: 502, body: page, contentType: "text/html")
        case .truncatedJSON:
            // Cut as the recorded case was (after 200 bytes), and always before the end so it never parses.
            let cut = min(200, realBody.utf8.count / 2)
            return HTTPReply(status: 200, body: String(decoding: realBody.utf8.prefix(cut), as: UTF8.self))
        case .emptyBody:
            return HTTPReply(status: 200, body: "")
        case .invalidHost:
            return HTTPReply(status: 200, body: "invalid host specified\n")
        }
    }
}
