/// The status code and reason in a WebSocket close frame's payload (RFC 6455 §5.5.1).
struct ClosePayload: Equatable {
    /// The code the peer sent, or 1005 ("no status received") when the payload is empty.
    var code: Int
    var reason: String

    /// Parses a close payload: a big-endian 16-bit code followed by a UTF-8 reason.
    init(_ payload: some Collection<UInt8>) {
        let bytes = Array(payload)
        guard bytes.count >= 2 else {
            code = 1005
            reason = ""
            return
        }
        code = Int(bytes[0]) << 8 | Int(bytes[1])
        reason = String(decoding: bytes.dropFirst(2), as: UTF8.self)
    }

    init(code: Int, reason: String) {
        self.code = code
        self.reason = reason
    }
}
