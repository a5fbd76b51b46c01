/// The request methods the client sends: webhooks are POSTs, GET serves probes and tests.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET"
    case post = "POST"
}
