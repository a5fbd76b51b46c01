/// The `type` of a webhook body (CONTRACT.md, "The webhook").
public enum WebhookEventType: String, Sendable, CaseIterable {
    case log = "evm.log"
    case logRemoved = "evm.log.removed"
}
