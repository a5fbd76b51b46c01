/// Where operator events go (`EVMHOOK_OPERATOR_WEBHOOK_URL`, `EVMHOOK_OPERATOR_WEBHOOK_SECRET`) and how hard
/// evmhook tries: a few attempts, then the event is logged and dropped, so a failing receiver never holds up
/// deliveries.
public struct OperatorWebhook: Sendable {
    public var url: String
    public var secret: WebhookSecret
    /// Events waiting to be sent; beyond, new events are logged and dropped.
    public var queueCapacity = 1_000
    /// Pauses between attempts: its length + 1 attempts in all.
    public var retryDelays: [Duration] = [.seconds(1), .seconds(5)]
    /// One attempt's deadline.
    public var timeout: Duration = .seconds(5)

    public init(url: String, secret: WebhookSecret) {
        self.url = url
        self.secret = secret
    }
}
