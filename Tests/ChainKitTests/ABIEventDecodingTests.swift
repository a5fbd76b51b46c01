import ChainKit
import Testing

/// Every log of Tests/Fixtures/abi/events.json decoded with its ABI, plus hostile logs and the JSON form.
@Suite struct ABIEventDecodingTests {
    /// A fixture log: its event (from the ABI file it names), topics and data.
    struct FixtureLog {
        let event: ABIEvent
        let topics: [Hash32]
        let data: [UInt8]

        init(_ vector: ABIFixtureCase) throws {
            let file = try ABIFixtures.string(vector.json["abi"])
            let signature = try ABIFixtures.string(vector.json["signature"])
            let events = try ABIEvent.events(fromJSONABI: ABIFixtures.json(file))
            event = try #require(events.first { $0.signature == signature })
            let log = try #require(vector.json["log"])
            topics = try ABIFixtures.array(log["topics"]).map { try Hash32(hex: ABIFixtures.string($0)) }
            data = try ABIFixtures.bytes(ABIFixtures.string(log["data"]))
        }
    }

    static func fixtureEvents() throws -> [ABIFixtureCase] {
        try ABIFixtureCase.load("abi/events.json", "events")
    }

    /// The fixture's expected arguments, as our argument values.
    static func expectedArguments(_ vector: ABIFixtureCase) throws -> [DecodedEvent.Argument.Value] {
        try ABIFixtures.array(vector.json["decoded"]).map { entry in
            let type = try ABIType(parsing: ABIFixtures.string(entry["type"]))
            guard let value = entry["value"] else { throw ABIFixtures.Failure(description: "no value") }
            if entry["hashed"] == .bool(true) {
                return .hashed(try Hash32(hex: ABIFixtures.string(value)))
            }
            return .value(try ABIFixtures.value(value, as: type))
        }
    }

    @Test(arguments: try fixtureEvents())
    func fixtureLogDecodesToTheReferenceValues(_ vector: ABIFixtureCase) throws {
        let log = try FixtureLog(vector)
        let decoded = try log.event.decodeLog(topics: log.topics, data: log.data)
        let entries = try ABIFixtures.array(vector.json["decoded"])
        #expect(decoded.arguments.map(\.parameter.name) == (try entries.map { try ABIFixtures.string($0["name"]) }))
        #expect(
            decoded.arguments.map(\.parameter.type.description)
                == (try entries.map { try ABIFixtures.string($0["type"]) }))
        #expect(decoded.arguments.map { .bool($0.parameter.indexed) } == entries.map { $0["indexed"] })
        #expect(decoded.arguments.map(\.value) == (try Self.expectedArguments(vector)))
    }

    /// Encoding the reference values gives back the logged topics and data. For ENS `TextChanged`, whose indexed
    /// string is only hashed, the original is its non-indexed twin `key` (the fixture's note says ENS repeats it).
    @Test(arguments: try fixtureEvents())
    func encodingTheReferenceValuesRebuildsTheLog(_ vector: ABIFixtureCase) throws {
        let log = try FixtureLog(vector)
        let arguments = try Self.expectedArguments(vector)
        let values = try arguments.map { argument -> ABIValue in
            switch argument {
            case .value(let value): return value
            case .hashed:
                guard log.event.name == "TextChanged", case .value(let key) = arguments[2] else {
                    throw ABIFixtures.Failure(description: "no original for a hashed argument")
                }
                return key
            }
        }
        let encoded = try log.event.encodeLog(values)
        #expect(encoded.topics == log.topics)
        #expect(encoded.data == log.data)
    }

    @Test func erc20TransferJSONIsTheWebhookForm() throws {
        let vector = try #require(try Self.fixtureEvents().first { $0.name.hasPrefix("ERC-20 Transfer") })
        let log = try FixtureLog(vector)
        let json = try log.event.decodeLog(topics: log.topics, data: log.data).json
        #expect(
            json.serialized()
                == #"{"name":"Transfer","signature":"Transfer(address,address,uint256)","args":{"#
                + #""from":"0xd8da6bf26964af9d7eed9e03e53415d37aa96045","#
                + #""to":"0x2222222222222222222222222222222222222222","value":"1500000000"}}"#
        )
    }

    @Test func unnamedArgumentIsKeyedByPositionAndHashedOneIsMarked() throws {
        let all = try Self.fixtureEvents()
        let pair = try FixtureLog(try #require(all.first { $0.name.contains("PairCreated") }))
        let pairArgs = try pair.event.decodeLog(topics: pair.topics, data: pair.data).json["args"]
        guard case .object(let members) = pairArgs else { throw ABIFixtures.Failure(description: "args") }
        #expect(members.map(\.key) == ["token0", "token1", "pair", "3"])
        #expect(pairArgs?["3"] == .string("2"))

        let text = try FixtureLog(try #require(all.first { $0.name.contains("TextChanged") }))
        let textArgs = try text.event.decodeLog(topics: text.topics, data: text.data).json["args"]
        #expect(
            textArgs?["indexedKey"]
                == .object([
                    JSONMember("hash", .string("0xd1f86c93d831119ad98fe983e643a7431e4ac992e3ead6e3007f4dd1adf66343"))
                ])
        )
        #expect(textArgs?["key"] == .string("avatar"))
    }

    @Test func negativeNumbersBytesArraysAndTuplesInJSON() throws {
        let event = try ABIEvent(
            signature: "Fill(int24 indexed tick, (address maker, uint8 kind)[] legs, (bool, bytes2) flags, bytes data)"
        )
        let maker = try Address(hex: "0xD8dA6BF26964aF9D7eEd9e03E53415D37aA96045")
        let values: [ABIValue] = [
            .int(Int256(-887272)),
            .array([.tuple([.address(maker), .uint(UInt256(3))])]),
            .tuple([.bool(false), .fixedBytes([0xAB, 0x01])]),
            .bytes([]),
        ]
        let log = try event.encodeLog(values)
        #expect(log.topics[1].description == "0x" + String(repeating: "f", count: 58) + "f27618")
        let decoded = try event.decodeLog(topics: log.topics, data: log.data)
        #expect(decoded.arguments.map(\.value) == values.map { .value($0) })
        #expect(
            decoded.json["args"]?.serialized()
                == #"{"tick":"-887272","legs":[{"maker":"0xd8da6bf26964af9d7eed9e03e53415d37aa96045","kind":"3"}],"#
                + #""flags":[false,"0xab01"],"data":"0x"}"#
        )
    }

    @Test func hostileLogsAreRejectedWithTheReason() throws {
        let event = try ABIEvent(signature: "Transfer(address indexed from, address indexed to, uint256 value)")
        let good = try event.encodeLog([
            .address(try Address(hex: "0x1111111111111111111111111111111111111111")),
            .address(try Address(hex: "0x2222222222222222222222222222222222222222")),
            .uint(UInt256(7)),
        ])
        func code(_ topics: [Hash32], _ data: [UInt8]) -> ABIDecodingError.Code? {
            do {
                _ = try event.decodeLog(topics: topics, data: data)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(good.topics, good.data) == nil)
        #expect(code(Array(good.topics.prefix(2)), good.data) == .topicCount)
        #expect(code(good.topics + [good.topics[1]], good.data) == .topicCount)
        #expect(code([], good.data) == .topicCount)
        #expect(code([good.topics[1]] + good.topics.dropFirst(), good.data) == .topic0Mismatch)
        let dirty = try Hash32(hex: "0x0100000000000000000000001111111111111111111111111111111111111111")
        #expect(code([good.topics[0], dirty, good.topics[2]], good.data) == .nonZeroPadding)
        #expect(code(good.topics, Array(good.data.dropLast())) == .insufficientData)
        #expect(code(good.topics, []) == .insufficientData)
    }
}
