import ChainKit

/// The parameter object of `eth_getLogs` and of a `logs` subscription, validated as geth validates it.
struct LogQuery {
    enum Scope: Equatable {
        case range(from: BlockTag, to: BlockTag)
        case block(Hash32)
    }

    var scope: Scope
    var filter: LogFilter

    init(json: JSONValue) throws(RPCFailure) {
        guard case .object = json else {
            throw .invalidParams("invalid argument 0: json: cannot unmarshal non-object into Go value of type filters.FilterCriteria")
        }
        let from = json["fromBlock"].flatMap { $0 == .null ? nil : $0 }
        let to = json["toBlock"].flatMap { $0 == .null ? nil : $0 }
        if let blockHash = json["blockHash"], blockHash != .null {
            guard from == nil, to == nil else {
                throw .invalidParams(
                    "invalid argument 0: cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other"
                )
            }
            guard case .string(let text) = blockHash, let hash = try? Hash32(hex: text) else {
                throw .invalidParams("invalid argument 0: invalid blockHash")
            }
            scope = .block(hash)
        } else {
            scope = .range(
                from: try from.map { json throws(RPCFailure) in try BlockTag(json: json, argument: 0) } ?? .latest,
                to: try to.map { json throws(RPCFailure) in try BlockTag(json: json, argument: 0) } ?? .latest
            )
        }
        do {
            filter = try LogFilter(json: json)
        } catch {
            throw .invalidParams("invalid argument 0: \(error)")
        }
    }
}
