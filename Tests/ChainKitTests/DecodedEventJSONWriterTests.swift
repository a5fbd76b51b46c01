import ChainKit
import Testing

/// `DecodedEvent.writeJSON` (the webhook body's fast path) writes exactly the bytes of `json`'s serialisation.
@Suite struct DecodedEventJSONWriterTests {
    @Test(arguments: try ABIEventDecodingTests.fixtureEvents())
    func fixtureLogsWriteTheTreesBytes(_ vector: ABIFixtureCase) throws {
        let log = try ABIEventDecodingTests.FixtureLog(vector)
        let decoded = try log.event.decodeLog(topics: log.topics, data: log.data)
        var written: [UInt8] = Array("prefix:".utf8)
        decoded.writeJSON(to: &written)
        #expect(written == Array("prefix:".utf8) + decoded.json.serializedBytes())
    }

    /// Random types and values (strings with quotes, controls and non-ASCII; nested arrays and tuples, with and
    /// without names), inputs with empty and repeated names, some indexed.
    @Test(arguments: 0..<40)
    func randomEventsWriteTheTreesBytes(_ seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let types = ABIRandomValues.types(using: &random)
        let names = ["", "a", "a", "\"q\"", "0", "1"]
        var indexedCount = 0
        let inputs = types.map { type -> ABIParameter in
            let indexed = indexedCount < 3 && Bool.random(using: &random)
            if indexed { indexedCount += 1 }
            return ABIParameter(
                name: names.randomElement(using: &random)!, type: type, indexed: indexed,
                components: Self.components(of: type, using: &random))
        }
        let event = try ABIEvent(name: "Random\(seed)", inputs: inputs)
        let log = try event.encodeLog(types.map { ABIRandomValues.value($0, using: &random) })
        let decoded = try event.decodeLog(topics: log.topics, data: log.data)
        var written: [UInt8] = []
        decoded.writeJSON(to: &written)
        #expect(written == decoded.json.serializedBytes())
    }

    /// Names for a tuple's members, sometimes all distinct (an object), sometimes not (an array).
    private static func components(of type: ABIType, using random: inout SplitMix64) -> [ABIParameter] {
        let element: ABIType
        switch type {
        case .array(let inner), .fixedArray(let inner, _): element = inner
        default: element = type
        }
        guard case .tuple(let members) = element else { return [] }
        let distinct = Bool.random(using: &random)
        return members.enumerated().map { position, member in
            ABIParameter(
                name: distinct ? "m\(position)" : "m", type: member, components: components(of: member, using: &random))
        }
    }
}
