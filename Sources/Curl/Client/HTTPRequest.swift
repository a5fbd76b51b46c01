/// One request for `HTTPClient.send`: method, URL, headers, body and a deadline for the whole exchange.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// An `http://` or `https://` URL; any other scheme fails with `HTTPClientError.Code.invalidURL`.
    public var url: String
    public var headers: [HTTPHeader]
    /// The body sent with POST; ignored for GET.
    public var body: [UInt8]
    /// The limit for the whole exchange, from queueing for a connection to the last body byte.
    public var timeout: Duration

    /// A request; GET with no headers and a 30-second timeout unless told otherwise.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: [HTTPHeader] = [],
        body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}
