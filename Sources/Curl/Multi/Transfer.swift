import CCurl
import CShims
import Threading

/// One reusable curl easy handle and the state of the request it carries.
///
/// Confined to the loop thread: it is created, configured, attached, read and destroyed there only, which is
/// what makes the curl handles free of data races. Options that never change are set once in `init`; `prepare`
/// sets the per-request ones, and `finish` turns the outcome into a response and readies the handle for reuse.
final class Transfer {
    private let easy: UnsafeMutableRawPointer
    /// curl writes its detailed error text here (CURLOPT_ERRORBUFFER).
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The POST body: curl reads it in place (CURLOPT_POSTFIELDS), so it lives until the transfer ends.
    /// Reused between requests so a steady stream of webhooks allocates nothing here.
    private var postBuffer: UnsafeMutableRawBufferPointer
    /// Request headers as curl reads them (it keeps the pointer), written from `currentHeaders`.
    private let headerLines = HeaderLines()
    private var currentHeaders: [HTTPHeader] = []
    private var currentURL = ""

    let addressGuard: AddressGuard
    let captureLimit: Int
    // Filled by the C callbacks during the transfer.
    var body: [UInt8] = []
    var bodyLength = 0
    var headerBytes: [UInt8] = []
    /// The first address the guard refused during this transfer.
    var refusal: (address: IPAddress, category: AddressCategory)?
    /// Whether the guard let any address through during this transfer: then a failure to connect is the
    /// network's doing, not the guard's (a name with a refused and an allowed address).
    var openedSocket = false

    /// The request being carried; nil while idle in the pool.
    var pending: PendingRequest?
    /// Position in the loop's list of active transfers, for O(1) removal.
    var activeIndex = -1

    init(configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        guard let easy = curl_easy_init() else {
            throw HTTPClientError(code: .transferFailed, message: "curl_easy_init failed")
        }
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        // Never zero-sized: a POST with a nil POSTFIELDS pointer would make curl read the body from stdin.
        postBuffer = .allocate(byteCount: 1024, alignment: 1)
        addressGuard = configuration.addressGuard
        captureLimit = configuration.bodyCaptureLimit
        try configureFixedOptions(configuration)
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
        postBuffer.deallocate()
    }

    /// The transfer that owns `easy`, found through CURLOPT_PRIVATE (the loop's `active` list retains it).
    static func owning(_ easy: UnsafeMutableRawPointer) -> Transfer {
        var owner: UnsafeMutableRawPointer?
        _ = evm_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &owner)
        return Unmanaged<Transfer>.fromOpaque(owner!).takeUnretainedValue()
    }

    func attach(to multi: UnsafeMutableRawPointer) -> CURLMcode { curl_multi_add_handle(multi, easy) }
    func detach(from multi: UnsafeMutableRawPointer) { _ = curl_multi_remove_handle(multi, easy) }

    private func configureFixedOptions(_ configuration: HTTPClient.Configuration) throws(HTTPClientError) {
        let this = Unmanaged.passUnretained(self).toOpaque()
        var codes = [
            evm_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, this),
            evm_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer),
            evm_curl_easy_set_write_function(easy, receiveBody),
            evm_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, this),
            evm_curl_easy_set_header_function(easy, receiveHeader),
            evm_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, this),
            evm_curl_easy_set_opensocket_function(easy, openGuardedSocket),
            evm_curl_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, this),
            // Timeouts without SIGALRM: signals and threads do not mix.
            evm_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            evm_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0),
            evm_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1),
            evm_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2),
            evm_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.milliseconds),
        ]
        codes += [
            "http,https".withCString { evm_curl_easy_setopt_pointer(easy, CURLOPT_PROTOCOLS_STR, $0) },
            "http,https".withCString { evm_curl_easy_setopt_pointer(easy, CURLOPT_REDIR_PROTOCOLS_STR, $0) },
            // An empty proxy disables the http_proxy/https_proxy environment variables: through a proxy the guard
            // would check the proxy's address instead of the receiver's.
            "".withCString { evm_curl_easy_setopt_pointer(easy, CURLOPT_PROXY, $0) },
        ]
        if let file = configuration.trustedCertificatesFile {
            codes.append(file.withCString { evm_curl_easy_setopt_pointer(easy, CURLOPT_CAINFO, $0) })
        }
        if let failed = codes.first(where: { $0 != CURLE_OK }) {
            throw .curl(failed, detail: "setting up a curl handle failed", refusal: nil)
        }
    }

    /// Sets the per-request options; after it returns the handle can be attached to the multi handle.
    ///
    /// The URL and the header list of the previous request are kept when the next one repeats them, as a stream
    /// of POSTs to one endpoint does: curl copies and re-parses both on every set.
    func prepare(_ request: HTTPRequest) throws(HTTPClientError) {
        if request.url != currentURL {
            // Checked here rather than left to curl: curl guesses http:// for a URL without a scheme, and a typo
            // would then become a DNS lookup of whatever the text was.
            guard request.url.hasHTTPScheme, request.url.utf8.allSatisfy({ $0 != 0 }) else {
                throw HTTPClientError(code: .invalidURL, message: "the URL must be http:// or https:// (without NUL)")
            }
            try check(request.url.withCString { evm_curl_easy_setopt_pointer(easy, CURLOPT_URL, $0) })
            currentURL = request.url
        }
        if currentHeaders.isEmpty || request.headers != currentHeaders {
            try setHeaders(request.headers)
        }
        try check(evm_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, request.timeout.milliseconds)))
        switch request.method {
        case .get:
            try check(evm_curl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case .post:
            storeBody(request.body)
            try check(evm_curl_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            try check(evm_curl_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, postBuffer.baseAddress))
        }
    }

    private func setHeaders(_ headers: [HTTPHeader]) throws(HTTPClientError) {
        for header in headers where !header.name.isSafeHeaderText || !header.value.isSafeHeaderText {
            throw HTTPClientError(
                code: .invalidRequest,
                message: "header \(header.name.debugDescription) contains a line break or NUL"
            )
        }
        currentHeaders = []  // Until curl has the new list: a failed set must not let the next request skip it.
        try check(evm_curl_easy_setopt_pointer(easy, CURLOPT_HTTPHEADER, headerLines.write(headers)))
        currentHeaders = headers
    }

    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw .curl(code, detail: "", refusal: nil) }
    }

    private func storeBody(_ body: [UInt8]) {
        if body.count > postBuffer.count {
            postBuffer.deallocate()
            postBuffer = .allocate(byteCount: body.count, alignment: 1)
        }
        postBuffer.copyBytes(from: body)
    }

    /// The outcome of the transfer curl reported as done with `result`.
    func finish(_ result: CURLcode) -> Result<ReceivedResponse, HTTPClientError> {
        guard result == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            return .failure(.curl(result, detail: detail, refusal: openedSocket ? nil : refusal))
        }
        var status = 0
        _ = evm_curl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        let timing = HTTPTiming(
            total: elapsed(CURLINFO_TOTAL_TIME_T),
            connect: elapsed(CURLINFO_CONNECT_TIME_T),
            firstByte: elapsed(CURLINFO_STARTTRANSFER_TIME_T)
        )
        let response = ReceivedResponse(
            status: status,
            headerBytes: headerBytes,
            body: body,
            bodyLength: bodyLength,
            timing: timing
        )
        return .success(response)
    }

    private func elapsed(_ info: CURLINFO) -> Duration {
        var microseconds: curl_off_t = 0
        _ = evm_curl_easy_getinfo_off(easy, info, &microseconds)
        return .microseconds(microseconds)
    }

    /// Forgets the response: clears what the callbacks collected (handed over whole, so nothing is copied).
    func reset() {
        errorBuffer[0] = 0
        body = []
        bodyLength = 0
        headerBytes = []
        refusal = nil
        openedSocket = false
    }
}

extension Duration {
    /// Whole milliseconds, as curl's `_MS` options take them (saturating instead of overflowing).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? Int.max : Int(clamping: product + attoseconds / 1_000_000_000_000_000)
    }
}

extension String {
    /// Starts with `http://` or `https://`, in any case.
    fileprivate var hasHTTPScheme: Bool {
        let head = utf8.prefix(8).map { $0 | 0x20 }  // ASCII lowercase; ':' and '/' are unchanged by it
        return head.starts(with: "http://".utf8) || head.starts(with: "https://".utf8)
    }

    /// No CR, LF or NUL: the characters that would end a header line early.
    fileprivate var isSafeHeaderText: Bool {
        utf8.allSatisfy { $0 != 0x0D && $0 != 0x0A && $0 != 0 }
    }
}
