import ChainKit

/// The `devchain_*` methods: what tests and demos use to drive the chain and inject faults over JSON-RPC.
/// The same operations are on `DevChain` for embedded use.
extension DevChainNode {
    static func isControl(_ method: String) -> Bool { method.hasPrefix("devchain_") }

    func control(method: String, params: [JSONValue]) throws(RPCFailure) -> String {
        switch method {
        case "devchain_mine":
            return ChainJSON.quantity(mine(count: try integer(params, 0, default: 1)))
        case "devchain_emitLogs":
            guard case .array(let items) = params.first ?? .null else {
                throw .invalidParams("devchain_emitLogs takes an array of {address, topics, data}")
            }
            emit(try items.map { item throws(RPCFailure) in try Self.logTemplate(item) })
            return "null"
        case "devchain_setBlockTime":
            let milliseconds = try integer(params, 0, default: 0)
            setBlockTime(milliseconds > 0 ? .milliseconds(milliseconds) : nil)
            return "null"
        case "devchain_reorg":
            let reorg = try reorg(depth: try integer(params, 0, default: 1))
            return #"{"orphaned":\#(reorg.orphaned.count),"adopted":\#(reorg.adopted.count),"#
                + #""head":"\#(chain.head.hash)"}"#
        case "devchain_closeWebSockets":
            return String(closeAllSockets())
        case "devchain_setResponseDelay":
            faults.responseDelay = .milliseconds(try integer(params, 0, default: 0))
            return "null"
        case "devchain_setGetLogsLimit":
            faults.getLogsLimit = try Self.getLogsLimit(params.first ?? .null)
            return "null"
        case "devchain_failNext":
            let count = try integer(params, 0, default: 1)
            guard params.count > 1, case .string(let name) = params[1], let fault = TransportFault(rawValue: name)
            else {
                let names = TransportFault.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidParams("devchain_failNext takes a count and one of: \(names)")
            }
            faults.scheduled.append(contentsOf: Array(repeating: fault, count: count))
            return "null"
        case "devchain_malformNext":
            faults.malformedRemaining += try integer(params, 0, default: 1)
            return "null"
        case "devchain_silenceHeads":
            let milliseconds = try integer(params, 0, default: 0)
            faults.headsSilencedUntil =
                milliseconds > 0 ? ContinuousClock.now.advanced(by: .milliseconds(milliseconds)) : nil
            return "null"
        default:
            throw .methodNotFound(method)
        }
    }

    private func integer(_ params: [JSONValue], _ index: Int, default fallback: Int) throws(RPCFailure) -> Int {
        guard index < params.count else { return fallback }
        switch params[index] {
        case .number(let text):
            guard let value = Int(text), value >= 0 else { throw .invalidParams("argument \(index) must be >= 0") }
            return value
        case .string(let text):
            guard let value = try? Hex.decodeQuantity(text), value <= UInt64(Int.max) else {
                throw .invalidParams("argument \(index) must be a number")
            }
            return Int(value)
        case .null: return fallback
        default: throw .invalidParams("argument \(index) must be a number")
        }
    }

    static func logTemplate(_ json: JSONValue) throws(RPCFailure) -> LogTemplate {
        guard case .string(let addressText) = json["address"] ?? .null, let address = try? Address(hex: addressText)
        else { throw .invalidParams("log needs an address of 20 bytes") }
        var topics: [Hash32] = []
        if case .array(let items) = json["topics"] ?? .array([]) {
            for item in items {
                guard case .string(let text) = item, let topic = try? Hash32(hex: text) else {
                    throw .invalidParams("log topics must be 32-byte hex strings")
                }
                topics.append(topic)
            }
        }
        guard topics.count <= 4 else { throw .invalidParams("a log has at most 4 topics") }
        var data: [UInt8] = []
        if case .string(let text) = json["data"] ?? .null {
            guard let bytes = try? Hex.decode(text) else { throw .invalidParams("log data must be hex") }
            data = bytes
        }
        return LogTemplate(address: address, topics: topics, data: data)
    }

    static func getLogsLimit(_ json: JSONValue) throws(RPCFailure) -> GetLogsLimit? {
        guard json != .null else { return nil }
        let styleName: String
        if case .string(let name) = json["style"] ?? .string(GetLogsLimit.Style.geth.rawValue) {
            styleName = name
        } else {
            throw .invalidParams("style must be a string")
        }
        guard let style = GetLogsLimit.Style(rawValue: styleName) else {
            let names = GetLogsLimit.Style.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalidParams("unknown style \(styleName); one of: \(names)")
        }
        func number(_ key: String) -> UInt64? {
            if case .number(let text) = json[key] ?? .null { return UInt64(text) }
            return nil
        }
        return GetLogsLimit(
            maxRange: number("maxRange"), maxResults: number("maxResults").map { Int($0) }, style: style)
    }
}
