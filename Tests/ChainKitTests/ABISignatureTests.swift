import ChainKit
import Foundation
import Testing

/// Types, human-readable signatures, JSON ABI fragments and topic0.
@Suite struct ABISignatureTests {
    @Test(arguments: [
        "uint8", "uint256", "int24", "int256", "address", "bool", "bytes1", "bytes32", "bytes", "string",
        "uint256[]", "uint256[3]", "uint256[][]", "uint256[2][]", "string[2]", "(uint256,string)",
        "(uint256,address)[]", "((uint256,address),string[])", "(uint256,uint256)[2]", "(bytes,(bool,int8[])[3])[][2]",
    ])
    func canonicalTypeRoundTrips(_ text: String) throws {
        #expect(try ABIType(parsing: text).description == text)
    }

    @Test func typeStructureFollowsTheGrammar() throws {
        #expect(try ABIType(parsing: "uint256[2][]") == .array(.fixedArray(.uint(256), 2)))
        #expect(try ABIType(parsing: "(uint256,address)[]") == .array(.tuple([.uint256, .address])))
        #expect(try ABIType(parsing: "uint") == .uint256)
        #expect(try ABIType(parsing: "( int , bytes32 ) [2]").description == "(int256,bytes32)[2]")
        #expect(try ABIType(parsing: "tuple(uint256 a, address b)[]").description == "(uint256,address)[]")
    }

    @Test(arguments: [
        "", "uint7", "uint264", "uint0", "uint08", "int4", "bytes0", "bytes33", "address[", "uint256[-1]",
        "uint256[0]", "()", "(uint256", "(uint256,)", "uint256 x", "fixed128x18", "function", "uint256[]]",
        String(repeating: "(", count: 40) + "uint256" + String(repeating: ")", count: 40),
        "uint256" + String(repeating: "[]", count: 33),
    ])
    func invalidTypeIsRejected(_ text: String) {
        #expect(throws: ABIParseError.self) { try ABIType(parsing: text) }
    }

    @Test func parseErrorSaysWhere() {
        do {
            _ = try ABIEvent(signature: "Transfer(address indexed from, uint7 value)")
            Issue.record("accepted uint7")
        } catch {
            #expect(error.code == .invalidType)
            #expect(error.position == 31)
            #expect(error.description.contains("uint7"))
        }
    }

    @Test func humanReadableTransferInAllItsForms() throws {
        let forms = [
            "Transfer(address indexed from, address indexed to, uint256 value)",
            "event Transfer(address indexed from, address indexed to, uint value);",
            "  Transfer ( address indexed from , address indexed to , uint256 value )  ",
        ]
        for form in forms {
            let event = try ABIEvent(signature: form)
            #expect(event.name == "Transfer")
            #expect(event.signature == "Transfer(address,address,uint256)")
            #expect(event.inputs.map(\.name) == ["from", "to", "value"])
            #expect(event.inputs.map(\.indexed) == [true, true, false])
            #expect(event.topicCount == 3)
            #expect(event.topic0.description == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        }
        let bare = try ABIEvent(signature: "Transfer(address,address,uint256)")
        #expect(bare.inputs.map(\.name) == ["", "", ""])
        #expect(bare.inputs.allSatisfy { !$0.indexed })
        #expect(bare.topic0 == (try ABIEvent(signature: forms[0])).topic0)
    }

    @Test func tuplesAnonymousAndDescription() throws {
        let event = try ABIEvent(
            signature: "Filled((uint256 id, address maker)[] orders, (uint256,(bool,string[])) meta) anonymous"
        )
        #expect(event.anonymous)
        #expect(event.signature == "Filled((uint256,address)[],(uint256,(bool,string[])))")
        #expect(event.topicCount == 0)
        #expect(event.inputs[0].components.map(\.name) == ["id", "maker"])
        #expect(event.inputs[1].components.map(\.name) == ["", ""])
        #expect(event.description == "Filled((uint256,address)[] orders, (uint256,(bool,string[])) meta) anonymous")
        #expect(try ABIEvent(signature: event.description).signature == event.signature)
    }

    @Test func wellKnownTopic0s() throws {
        let known = [
            "Transfer(address indexed from, address indexed to, uint256 value)":
                "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            "Approval(address indexed owner, address indexed spender, uint256 value)":
                "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925",
            "Swap(address indexed sender, uint amount0In, uint amount1In, uint amount0Out, uint amount1Out, address indexed to)":
                "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822",
            "Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)":
                "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67",
        ]
        for (signature, topic0) in known {
            #expect(try ABIEvent(signature: signature).topic0.description == topic0, "\(signature)")
        }
    }

    /// The 28 event topics of Tests/Fixtures/keccak/vectors.json, each computed from the JSON ABIs that declare it.
    @Test func fixtureTopicsComeOutOfTheFixtureABIs() throws {
        let keccak = try ABIFixtures.json("keccak/vectors.json")
        guard case .object(let topics) = keccak["topics"], case .object(let sources) = keccak["topic_sources"] else {
            throw ABIFixtures.Failure(description: "keccak/vectors.json has no topics")
        }
        #expect(topics.count == 28)
        for member in topics {
            let files = try ABIFixtures.array(sources.first { $0.key == member.key }?.value)
            #expect(!files.isEmpty)
            for file in files {
                let events = try ABIEvent.events(fromJSONABI: ABIFixtures.json(ABIFixtures.string(file)))
                let event = try #require(events.first { $0.signature == member.key }, "\(member.key) in \(file)")
                #expect(event.topic0.description == (try ABIFixtures.string(member.value)))
            }
        }
    }

    @Test func jsonFragmentWithTupleComponents() throws {
        let fragment = """
            {"type":"event","name":"Settled","anonymous":false,"inputs":[
              {"name":"batch","type":"uint64","indexed":true},
              {"name":"legs","type":"tuple[2][]","indexed":false,"components":[
                {"name":"token","type":"address"},{"name":"amount","type":"int256"}]}]}
            """
        let events = try ABIEvent.events(fromJSONABI: Array(fragment.utf8))
        #expect(events.count == 1)
        #expect(events[0].signature == "Settled(uint64,(address,int256)[2][])")
        #expect(events[0].inputs[1].components.map(\.name) == ["token", "amount"])
        let artifact = "{\"contractName\":\"X\",\"abi\":[" + fragment + "]}"
        #expect(try ABIEvent.events(fromJSONABI: Array(artifact.utf8)) == events)
    }

    @Test(arguments: [
        #"{"type":"event","inputs":[]}"#,
        #"{"type":"function","name":"f","inputs":[]}"#,
        #"{"type":"event","name":"E","inputs":[{"name":"x","type":"uint7"}]}"#,
        #"{"type":"event","name":"E","inputs":[{"name":"x","type":"tuple"}]}"#,
        #"{"type":"event","name":"E","inputs":[{"name":"x","type":"tuple","components":[]}]}"#,
        #"{"type":"event","name":"E","inputs":[{"name":"x","type":"tuple","components":[{"type":"bool","indexed":true}]}]}"#,
        #"{"type":"event","name":"E","inputs":[{"name":"x","type":"uint256","indexed":"yes"}]}"#,
        #"{"type":"event","name":"E","inputs":{}}"#,
        #"[{"type":"event","name":"1E","inputs":[]}]"#,
        #"[{"type":"event","name":"E","inputs":[]},"#,
        #"42"#,
    ])
    func malformedJSONABIIsRejected(_ text: String) {
        #expect(throws: ABIParseError.self) { try ABIEvent.events(fromJSONABI: Array(text.utf8)) }
    }

    @Test func indexedCountIsLimitedToTheTopicsALogHas() throws {
        let four = "E(uint8 indexed a, uint8 indexed b, uint8 indexed c, uint8 indexed d)"
        #expect(throws: ABIParseError.self) { try ABIEvent(signature: four) }
        #expect(try ABIEvent(signature: four + " anonymous").topicCount == 4)
    }

    @Test(arguments: [
        "Transfer(address indexed from", "Transfer address", "(uint256)", "1Bad(uint256)", "E(uint256) trailing",
        "E(uint256 indexed)x", "E((uint256 indexed a))", "E(uint256,,bool)",
    ])
    func malformedSignatureIsRejected(_ text: String) {
        #expect(throws: ABIParseError.self) { try ABIEvent(signature: text) }
    }
}
