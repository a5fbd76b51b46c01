extension HTTPClient {
    /// How the client connects and what it keeps of responses.
    public struct Configuration: Sendable {
        /// Connections open at once to one host; further requests to it wait for a free connection. curl's own
        /// default is unlimited (256 requests in flight would open 256 connections), so this is always set
        /// (0 still means no limit).
        public var maxConnectionsPerHost: Int
        /// Connections open at once in all, kept-alive ones included; 0 means no limit.
        public var maxConnections: Int
        /// Bytes of each response body kept in `HTTPResponse.body`; the rest is read and discarded.
        public var bodyCaptureLimit: Int
        /// The limit for establishing a connection (TCP and TLS), within the request's own timeout.
        public var connectTimeout: Duration
        /// Which resolved addresses may be connected to (the SSRF guard).
        public var addressGuard: AddressGuard
        /// A PEM file of CA certificates to trust instead of the system's; verification itself is never off.
        public var trustedCertificatesFile: String?
        /// Threads driving requests, each with its own multi handle and connections; the connection caps are
        /// shared out among them. More than one keeps requests moving while the scheduler has one thread off its
        /// core (a local receiver woken by each request preempts its sender).
        public var threads: Int

        /// A configuration; the defaults suit webhook delivery to public receivers.
        public init(
            maxConnectionsPerHost: Int = 8,
            maxConnections: Int = 256,
            bodyCaptureLimit: Int = 4096,
            connectTimeout: Duration = .seconds(10),
            addressGuard: AddressGuard = .publicOnly,
            trustedCertificatesFile: String? = nil,
            threads: Int = 1
        ) {
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.maxConnections = maxConnections
            self.bodyCaptureLimit = bodyCaptureLimit
            self.connectTimeout = connectTimeout
            self.addressGuard = addressGuard
            self.trustedCertificatesFile = trustedCertificatesFile
            self.threads = threads
        }

        /// One thread's share: each connection cap divided among the threads, rounded up (0 stays no limit).
        var perThread: Configuration {
            let count = max(1, threads)
            var share = self
            share.maxConnectionsPerHost = (maxConnectionsPerHost + count - 1) / count
            share.maxConnections = (maxConnections + count - 1) / count
            share.threads = 1
            return share
        }
    }
}
