/// Why a request got no response: a code to branch on, a message safe to print, and what curl said.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; compare with the static members (`error.code == .timeout`).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case timeout, connectionFailed, addressRefused, tls, invalidURL, invalidRequest, transferFailed, shutdown
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The request's timeout elapsed (queueing, connecting, sending or receiving).
        public static let timeout = Code(.timeout)
        /// The host name did not resolve, or no address accepted a TCP connection.
        public static let connectionFailed = Code(.connectionFailed)
        /// The address guard refused every address the host resolved to; no packet was sent to any of them.
        public static let addressRefused = Code(.addressRefused)
        /// The TLS handshake failed, including a certificate that does not verify.
        public static let tls = Code(.tls)
        /// The URL is malformed or its scheme is not http/https.
        public static let invalidURL = Code(.invalidURL)
        /// A header name or value contains a line break or NUL (it would smuggle extra headers).
        public static let invalidRequest = Code(.invalidRequest)
        /// The connection broke or the server answered something that is not HTTP.
        public static let transferFailed = Code(.transferFailed)
        /// The client was shut down before the request finished.
        public static let shutdown = Code(.shutdown)

        public var description: String { base.rawValue }
    }

    public let code: Code
    /// What happened, in words; never contains the URL (it may carry credentials).
    public let message: String
    /// For `addressRefused`: the address that was refused and the reason.
    public let refusedAddress: IPAddress?
    public let refusedCategory: AddressCategory?
    /// curl's own error number when curl reported the failure (a `CURLcode`), for logs.
    public let curlCode: Int?

    /// An error; made by the client, public for tests of code that handles these errors.
    public init(
        code: Code,
        message: String,
        refusedAddress: IPAddress? = nil,
        refusedCategory: AddressCategory? = nil,
        curlCode: Int? = nil
    ) {
        self.code = code
        self.message = message
        self.refusedAddress = refusedAddress
        self.refusedCategory = refusedCategory
        self.curlCode = curlCode
    }

    /// The address guard's refusal of `address` for being in `category`.
    public static func refusal(of address: IPAddress, _ category: AddressCategory) -> HTTPClientError {
        HTTPClientError(
            code: .addressRefused,
            message: "refused to connect to \(address) (\(category))",
            refusedAddress: address,
            refusedCategory: category
        )
    }

    public var description: String {
        let number = curlCode.map { " [curl \($0)]" } ?? ""
        return "HTTPClientError.\(code): \(message)\(number)"
    }
}
