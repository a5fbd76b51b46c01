import Hiredis
import Pipeline

/// The Processor's work that belongs with a connection's round trip, run on that connection's own thread (these
/// methods are isolated to it): turning a stream reply into parsed records, building the acknowledgement's
/// arguments. The cooperative pool's two threads are then left to building jobs, the longest step of the loop.
extension RedisConnection {
    /// Sends an `XREADGROUP` and returns its entries, parsed from hiredis's reply in place.
    func readRecords(_ command: [String]) async throws -> [StreamRecord] {
        try await send(command.map { RedisArgument($0) }) { try StreamRecord.fromReadGroup($0) }
    }

    /// Runs `AcknowledgeScript` over `outcomes` (whole entries) for `consumer` of `group`.
    func acknowledge(
        _ outcomes: ArraySlice<(id: String, outcome: EntryOutcome)>, keys: RedisKeys, group: String, consumer: String
    ) async throws -> RedisReply {
        try await evaluate(
            AcknowledgeScript.script, keys: AcknowledgeScript.keys(keys),
            arguments: AcknowledgeScript.arguments(group: group, consumer: consumer, outcomes: outcomes))
    }
}
