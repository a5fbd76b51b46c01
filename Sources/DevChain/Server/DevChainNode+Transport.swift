import ChainKit

/// Requests as they arrive on the wire: parsing, batches, faults, envelopes. Both transports come through here.
extension DevChainNode {
    /// Answers an HTTP POST body.
    func handleHTTP(body: [UInt8]) async -> HTTPReply {
        await delay()
        guard let request = try? JSONValue.parse(body) else {
            return HTTPReply(status: 200, body: RPCEnvelope.error(id: .null, .parseError))
        }
        let isControl = Self.isControlRequest(request)
        let (text, status) = answer(request, socket: nil)
        if !isControl, let planned = faults.takeNext() {
            return reply(for: planned, request: request, realBody: text, status: status)
        }
        return HTTPReply(status: status, body: text)
    }

    /// Answers a WebSocket text message; the reply goes down the socket after anything already queued there.
    func handleSocketMessage(_ socket: Int, _ text: String) async {
        await delay()
        guard let output = sockets[socket]?.output else { return }
        guard let request = try? JSONValue.parse(Array(text.utf8)) else {
            output.yield(.text(RPCEnvelope.error(id: .null, .parseError)))
            return
        }
        let isControl = Self.isControlRequest(request)
        let (answer, status) = answer(request, socket: socket)
        if !isControl, let planned = faults.takeNext() {
            output.yield(.text(reply(for: planned, request: request, realBody: answer, status: status).body))
        } else {
            output.yield(.text(answer))
        }
    }

    /// The response text of a request or batch, and the HTTP status a provider would use for it.
    private func answer(_ request: JSONValue, socket: Int?) -> (String, Int) {
        switch request {
        case .array(let items):
            guard !items.isEmpty else { return (RPCEnvelope.error(id: .null, .emptyBatch), 200) }
            // Members without an id are notifications: JSON-RPC 2.0 (and geth) runs them but sends no reply.
            let replies = items.map { item in
                let reply = answerOne(item, socket: socket).0
                return item["id"] == nil ? nil : reply
            }
            return ("[" + replies.compactMap { $0 }.joined(separator: ",") + "]", 200)
        default:
            return answerOne(request, socket: socket)
        }
    }

    private func answerOne(_ request: JSONValue, socket: Int?) -> (String, Int) {
        let id = request["id"] ?? .null
        guard case .string(let method) = request["method"] ?? .null else {
            return (RPCEnvelope.error(id: id, .invalidRequest), 200)
        }
        var params: [JSONValue] = []
        switch request["params"] ?? .null {
        case .array(let items): params = items
        case .null: break
        default: return (RPCEnvelope.error(id: id, .invalidParams("non-array args")), 200)
        }
        do throws(RPCFailure) {
            let result =
                Self.isControl(method)
                ? try control(method: method, params: params)
                : try dispatch(method: method, params: params, socket: socket)
            return (RPCEnvelope.result(id: id, result), 200)
        } catch {
            return (RPCEnvelope.error(id: id, error), error.httpStatus)
        }
    }

    private func reply(for planned: Faults.Planned, request: JSONValue, realBody: String, status: Int) -> HTTPReply {
        let id = request["id"] ?? .number("1")
        switch planned {
        case .transport(let fault): return fault.reply(id: id, realBody: realBody)
        case .malformed: return HTTPReply(status: 200, body: Faults.malformedBody(id: id.serialized()))
        }
    }

    private func delay() async {
        let delay = faults.responseDelay
        if delay > .zero { try? await Task.sleep(for: delay) }
    }

    private static func isControlRequest(_ request: JSONValue) -> Bool {
        if case .string(let method) = request["method"] ?? .null { return isControl(method) }
        return false
    }
}
