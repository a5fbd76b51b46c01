/// Anything a node sends a client: a response, a batch of responses, or a subscription notification.
public enum RPCIncomingMessage: Hashable, Sendable {
    case response(RPCResponse)
    /// Responses to a batch, in the order the server wrote them (match them by id, not by position).
    case batch([RPCResponse])
    case notification(RPCSubscriptionNotification)

    /// Decodes a message from the bytes of one HTTP body or WebSocket text frame.
    public static func decode(_ bytes: some Collection<UInt8>) throws(RPCDecodingError) -> RPCIncomingMessage {
        try RPCIncomingMessage(json: RPCEnvelope.parse(bytes))
    }

    /// Decodes a parsed message.
    public init(json: JSONValue) throws(RPCDecodingError) {
        if case .array(let elements) = json {
            guard !elements.isEmpty else {
                throw RPCDecodingError(.invalidValue, field: "", detail: "empty batch response")
            }
            var responses: [RPCResponse] = []
            for (index, element) in elements.enumerated() {
                responses.append(try RPCResponse(json: element, path: "[\(index)]"))
            }
            self = .batch(responses)
            return
        }
        let fields = try JSONFields(json, path: "")
        if fields.optional("method") != nil && fields.optional("id") == nil {
            try RPCEnvelope.checkVersion(fields)
            let method = try fields.string("method")
            guard method == RPCSubscriptionNotification.method else {
                throw RPCDecodingError(.invalidValue, field: "method", detail: "unexpected notification \(method)")
            }
            self = .notification(try RPCSubscriptionNotification(fields: fields))
        } else {
            self = .response(try RPCResponse(json: json))
        }
    }

    /// The message as JSON.
    public var json: JSONValue {
        switch self {
        case .response(let response): response.json
        case .batch(let responses): .array(responses.map(\.json))
        case .notification(let notification): notification.json
        }
    }
}
