import CLibWebSockets
import CShims
import Logging
import Threading

/// The protocol callback libwebsockets calls on the service thread; recovers the session from the context's user
/// pointer (the cancel-service event arrives on a pseudo connection without per-connection user data).
func libWebSocketsCallback(
    wsi: OpaquePointer?,
    reason: lws_callback_reasons,
    user: UnsafeMutableRawPointer?,
    input: UnsafeMutableRawPointer?,
    length: Int
) -> Int32 {
    guard let wsi, let owner = lws_context_user(lws_get_context(wsi)) else { return 0 }
    let session = Unmanaged<WebSocketSession>.fromOpaque(owner).takeUnretainedValue()
    let bytes = UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length)
    return session.handle(reason, on: wsi, bytes: bytes)
}

extension WebSocketSession {
    /// Reacts to one callback; a non-zero result tells lws to close the connection.
    func handle(_ reason: lws_callback_reasons, on wsi: OpaquePointer, bytes: UnsafeRawBufferPointer) -> Int32 {
        switch reason {
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            connection = wsi
            established = true
            emit(.connected)
            takeQueuedMessages()
            if nextWrite < writes.count { lws_callback_on_writable(wsi) }
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            let detail = bytes.isEmpty ? "unknown reason" : String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            emit(.error("connection to \(url.hostHeader) failed: \(detail)"))
            connection = nil
            finished = true
        case LWS_CALLBACK_CLIENT_RECEIVE:
            return receive(bytes, on: wsi)
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            return writeNext(on: wsi)
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            peerClose = ClosePayload(bytes)
        case LWS_CALLBACK_CLIENT_CLOSED:
            let close = localClose ?? peerClose ?? ClosePayload(code: 1006, reason: "")
            if established { emit(.closed(code: close.code, reason: close.reason)) }
            connection = nil
            finished = true
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            serviceRequests()
        default:
            break
        }
        return 0
    }

    /// Another thread queued messages or asked to stop, and woke the loop with `lws_cancel_service`.
    private func serviceRequests() {
        let stopRequested = takeQueuedMessages()
        guard let connection else {
            // Not connected yet (or already gone): there is nothing to close gracefully.
            if stopRequested { finished = true }
            return
        }
        if stopRequested && localClose == nil {
            localClose = ClosePayload(code: 1000, reason: "")
        }
        if localClose != nil || nextWrite < writes.count { lws_callback_on_writable(connection) }
    }

    /// Moves messages other threads queued into `writes`; returns whether a stop was requested.
    @discardableResult
    private func takeQueuedMessages() -> Bool {
        let (messages, stopRequested) = shared.withLock { state in
            defer { state.outgoing = [] }
            return (state.outgoing, state.stopRequested)
        }
        if nextWrite == writes.count {
            writes.removeAll(keepingCapacity: true)
            nextWrite = 0
        }
        writes.append(contentsOf: messages)
        return stopRequested
    }

    /// Writes one queued message (lws allows one write per WRITEABLE callback), or sends our close frame.
    private func writeNext(on wsi: OpaquePointer) -> Int32 {
        if let localClose { return sendClose(localClose, on: wsi) }
        guard nextWrite < writes.count else { return 0 }
        var framed = writes[nextWrite]
        writes[nextWrite] = []
        nextWrite += 1
        let headroom = evm_lws_pre()
        let length = framed.count - headroom
        let written = framed.withUnsafeMutableBufferPointer { buffer in
            lws_write(wsi, buffer.baseAddress! + headroom, length, LWS_WRITE_TEXT)
        }
        // lws buffers what the socket does not take at once and holds WRITEABLE back until it has drained, so
        // anything short of the full length is a failed connection.
        guard written >= length else {
            emit(.error("writing a \(length)-byte message failed"))
            return -1
        }
        if nextWrite < writes.count { lws_callback_on_writable(wsi) }
        return 0
    }

    private func receive(_ chunk: UnsafeRawBufferPointer, on wsi: OpaquePointer) -> Int32 {
        // Closing: the rest of the message that triggered it (or anything after) is not delivered.
        guard localClose == nil else { return 0 }
        let outcome = assembler.append(
            chunk, isBinary: lws_frame_is_binary(wsi) != 0, isFinalFragment: lws_is_final_fragment(wsi) != 0,
            remainingInFrame: Int(lws_remaining_packet_payload(wsi)))
        switch outcome {
        case .incomplete:
            return 0
        case .text(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                emit(.error("received a text message that is not valid UTF-8"))
                return startClose(ClosePayload(code: 1007, reason: "invalid UTF-8"), on: wsi)
            }
            emit(.text(text))
            return 0
        case .binarySkipped(let byteCount):
            logger.debug("skipped a binary WebSocket message", metadata: ["message.bytes": "\(byteCount)"])
            return 0
        case .tooLarge(let limit):
            emit(.error("incoming message exceeds the \(limit)-byte limit; closing the connection"))
            return startClose(ClosePayload(code: 1009, reason: "message too big"), on: wsi)
        }
    }

    /// Records `close` as ours and asks for a WRITEABLE callback, where `writeNext` has lws send it.
    ///
    /// Closing from inside RECEIVE (`lws_close_reason` and a non-zero return) corrupted the heap in
    /// libwebsockets 4.1 while the peer was still sending a large frame; closing from WRITEABLE, as `stop()`
    /// does, is the path lws handles cleanly. Until then, further incoming data is dropped.
    private func startClose(_ close: ClosePayload, on wsi: OpaquePointer) -> Int32 {
        localClose = close
        lws_callback_on_writable(wsi)
        return 0
    }

    /// Sends the close frame set here: returning non-zero from WRITEABLE makes lws send it and await the reply.
    private func sendClose(_ close: ClosePayload, on wsi: OpaquePointer) -> Int32 {
        var reason = Array(close.reason.utf8)
        reason.withUnsafeMutableBufferPointer { buffer in
            lws_close_reason(wsi, lws_close_status(UInt32(close.code)), buffer.baseAddress, buffer.count)
        }
        return -1
    }
}
