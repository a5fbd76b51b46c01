import CCurl

extension HTTPClientError {
    /// The one place where curl's result codes become `HTTPClientError`s.
    ///
    /// - Parameters:
    ///   - result: what the transfer ended with (never `CURLE_OK`).
    ///   - detail: curl's error buffer for this transfer, more precise than `curl_easy_strerror`; may be empty.
    ///   - refusal: the first address the guard refused during this transfer, if any. When curl then reports that
    ///     it could not connect, the refusal is the reason: every address it had was refused.
    static func curl(
        _ result: CURLcode,
        detail: String,
        refusal: (address: IPAddress, category: AddressCategory)?
    ) -> HTTPClientError {
        if let refusal, result == CURLE_COULDNT_CONNECT {
            return .refusal(of: refusal.address, refusal.category)
        }
        let text = detail.isEmpty ? String(cString: curl_easy_strerror(result)) : detail
        return HTTPClientError(code: code(for: result), message: text, curlCode: Int(result.rawValue))
    }

    private static func code(for result: CURLcode) -> Code {
        switch result {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT:
            return .connectionFailed
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED:
            return .tls
        default:
            return .transferFailed
        }
    }
}
