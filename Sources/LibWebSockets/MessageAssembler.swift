/// Reassembles incoming WebSocket messages from the pieces libwebsockets delivers, within a size limit.
///
/// A message may span several frames, and libwebsockets hands one frame over in several chunks: the message
/// is complete when the chunk belongs to the final frame (`lws_is_final_fragment`) and no payload of that frame
/// remains (`lws_remaining_packet_payload`). Pure: the session feeds it and acts on the outcome.
struct MessageAssembler {
    enum Outcome: Equatable {
        /// More chunks are needed.
        case incomplete
        /// A whole text message (bytes as received; UTF-8 is checked by the caller).
        case text([UInt8])
        /// A whole binary message ended; its bytes were not kept (this client speaks text).
        case binarySkipped(byteCount: Int)
        /// The text message would exceed the limit: the connection should be closed with 1009.
        case tooLarge(limit: Int)
    }

    /// The largest text message accepted, in bytes.
    let limit: Int
    private var buffer: [UInt8] = []
    private var skippedBytes = 0
    /// Whether a message is in progress and, if so, whether it is binary (known from its first frame).
    private var current: Bool?

    init(limit: Int) {
        self.limit = limit
    }

    /// Adds one chunk. `remainingInFrame` lets an oversized message be refused before it is buffered.
    mutating func append(
        _ chunk: some Collection<UInt8>,
        isBinary: Bool,
        isFinalFragment: Bool,
        remainingInFrame: Int
    ) -> Outcome {
        let binary = current ?? isBinary
        current = binary
        let complete = isFinalFragment && remainingInFrame == 0
        if binary {
            skippedBytes += chunk.count
            guard complete else { return .incomplete }
            defer { reset() }
            return .binarySkipped(byteCount: skippedBytes)
        }
        guard buffer.count + chunk.count + remainingInFrame <= limit else {
            reset()
            return .tooLarge(limit: limit)
        }
        buffer.append(contentsOf: chunk)
        guard complete else { return .incomplete }
        defer { reset() }
        return .text(buffer)
    }

    private mutating func reset() {
        buffer = []
        skippedBytes = 0
        current = nil
    }
}
