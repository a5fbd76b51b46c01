/// The faults in force on the dev chain; control methods (`devchain_*`) are never subject to them.
struct Faults: Sendable {
    /// Added before every answer, HTTP and WebSocket.
    var responseDelay: Duration = .zero
    var getLogsLimit: GetLogsLimit?
    /// Logs without `blockTimestamp`, as clients other than geth wrote them (the field is recent in the spec).
    var logsWithoutTimestamp = false
    /// Failures that answer the next requests, one each, in order.
    var scheduled: [TransportFault] = []
    /// How many of the next requests get syntactically broken JSON.
    var malformedRemaining = 0
    /// While set and in the future, blocks are mined but `newHeads` subscribers hear nothing (a silent subscription).
    var headsSilencedUntil: ContinuousClock.Instant?

    /// Takes the fault for the next request, if one is scheduled.
    mutating func takeNext() -> Planned? {
        if !scheduled.isEmpty { return .transport(scheduled.removeFirst()) }
        if malformedRemaining > 0 {
            malformedRemaining -= 1
            return .malformed
        }
        return nil
    }

    enum Planned {
        case transport(TransportFault)
        case malformed
    }

    /// A body no JSON parser accepts, shaped like the start of a real answer.
    static func malformedBody(id: String) -> String { #"{"jsonrpc":"2.0","id":\#(id),"result":[}"# }
}
