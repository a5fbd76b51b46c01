/// A response as received: status, headers, the first bytes of the body and how long it took.
///
/// Redirects are never followed, so a 3xx arrives here as it was sent.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// The header fields of the final response, in the order received.
    public var headers: [HTTPHeader]
    /// The first `HTTPClient.Configuration.bodyCaptureLimit` bytes of the body; the rest was read and discarded.
    public var body: [UInt8]
    /// The length of the whole body as received, captured or not.
    public var bodyLength: Int
    public var timing: HTTPTiming

    /// A response; made by the client, public for tests of code that consumes responses.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8], bodyLength: Int, timing: HTTPTiming) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyLength = bodyLength
        self.timing = timing
    }

    /// Whether part of the body was discarded because it exceeded the capture limit.
    public var isBodyTruncated: Bool { bodyLength > body.count }

    /// The value of the first header field called `name`, compared case-insensitively as HTTP requires.
    public func headerValue(_ name: String) -> String? {
        headers.first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }
}

extension String {
    /// Equal but for the case of ASCII letters, as HTTP compares field names; allocates nothing (it runs for every
    /// response, where `lowercased()` on both sides made two strings per field).
    func equalsIgnoringASCIICase(_ other: String) -> Bool {
        utf8.elementsEqual(other.utf8) { a, b in
            a == b || (a | 0x20 == b | 0x20 && (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(a | 0x20))
        }
    }
}
