import Curl
import Foundation
import OpenSSL
import Pipeline
import Store

/// Builds the POST of one attempt exactly as CONTRACT.md's "The webhook" says (Standard Webhooks headers).
enum WebhookRequest {
    /// The request for `job` to `endpoint`, signed at `timestamp` (unix seconds) with every secret valid then
    /// (both during a rotation), prepared through `keys`.
    ///
    /// - Throws: `WebhookSecretError` when a stored secret does not parse.
    static func make(
        _ job: DeliveryJob, to endpoint: Endpoint, userAgent: String, timestamp: Int64, keys: SigningKeys
    ) throws(WebhookSecretError) -> HTTPRequest {
        let now = Date(timeIntervalSince1970: TimeInterval(timestamp))
        var signers: [HMACKey] = []
        for text in endpoint.signingSecrets(at: now) { signers.append(try keys.key(for: text)) }
        let body = Array(job.body.utf8)
        return HTTPRequest(
            method: .post,
            url: endpoint.url,
            headers: [
                HTTPHeader("webhook-id", job.webhookID),
                HTTPHeader("webhook-timestamp", String(timestamp)),
                HTTPHeader(
                    "webhook-signature",
                    WebhookSignature.header(id: job.webhookID, timestamp: timestamp, body: body, keys: signers)),
                HTTPHeader("content-type", "application/json"),
                HTTPHeader("user-agent", userAgent),
                HTTPHeader("evmhook-attempt", String(job.attempt)),
            ],
            body: body,
            timeout: .milliseconds(endpoint.timeoutMilliseconds)
        )
    }
}
