/// A response as the loop thread hands it over: header bytes still raw, to be parsed by the waiting task.
struct ReceivedResponse: Sendable {
    var status: Int
    var headerBytes: [UInt8]
    var body: [UInt8]
    var bodyLength: Int
    var timing: HTTPTiming
}

extension HTTPResponse {
    init(_ received: ReceivedResponse) {
        self.init(
            status: received.status,
            headers: HTTPHeaderParser.fields(in: received.headerBytes),
            body: received.body,
            bodyLength: received.bodyLength,
            timing: received.timing
        )
    }
}
