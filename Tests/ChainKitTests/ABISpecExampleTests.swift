import ChainKit
import Testing

/// The worked examples of the Solidity "Contract ABI Specification" (docs/abi-spec.rst, sections "Examples" and
/// "Use of Dynamic Types"): the selectors and encodings below are copied from that page, not computed.
@Suite struct ABISpecExampleTests {
    /// Checks canonicalisation, the 4-byte selector (the first bytes of the same Keccak-256 that gives topic0),
    /// the encoding, and decoding back.
    private func check(
        _ declaration: String,
        canonical: String,
        selector: String,
        values: [ABIValue],
        encoding: String
    ) throws {
        let event = try ABIEvent(signature: declaration)
        #expect(event.signature == canonical)
        #expect(Hex.encode(event.topic0.bytes.prefix(4)) == selector)
        let types = event.inputs.map(\.type)
        let expected = try ABIFixtures.bytes(encoding)
        #expect(try ABIEncoder.encode(values, as: types) == expected)
        #expect(try ABIDecoder.decode(types, from: expected) == values)
    }

    private func uints(_ numbers: UInt64...) -> ABIValue {
        .array(numbers.map { .uint(UInt256($0)) })
    }

    @Test func bazUint32Bool() throws {
        try check(
            "baz(uint32 x, bool y)",
            canonical: "baz(uint32,bool)",
            selector: "0xcdcd77c0",
            values: [.uint(UInt256(69)), .bool(true)],
            encoding: """
                0000000000000000000000000000000000000000000000000000000000000045
                0000000000000000000000000000000000000000000000000000000000000001
                """
        )
    }

    @Test func barFixedArrayOfBytes3() throws {
        try check(
            "bar(bytes3[2])",
            canonical: "bar(bytes3[2])",
            selector: "0xfce353f6",
            values: [.array([.fixedBytes(Array("abc".utf8)), .fixedBytes(Array("def".utf8))])],
            encoding: """
                6162630000000000000000000000000000000000000000000000000000000000
                6465660000000000000000000000000000000000000000000000000000000000
                """
        )
    }

    @Test func samBytesBoolDynamicArray() throws {
        try check(
            "sam(bytes, bool, uint[])",
            canonical: "sam(bytes,bool,uint256[])",
            selector: "0xa5643bf2",
            values: [.bytes(Array("dave".utf8)), .bool(true), uints(1, 2, 3)],
            encoding: """
                0000000000000000000000000000000000000000000000000000000000000060
                0000000000000000000000000000000000000000000000000000000000000001
                00000000000000000000000000000000000000000000000000000000000000a0
                0000000000000000000000000000000000000000000000000000000000000004
                6461766500000000000000000000000000000000000000000000000000000000
                0000000000000000000000000000000000000000000000000000000000000003
                0000000000000000000000000000000000000000000000000000000000000001
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000003
                """
        )
    }

    @Test func fWithDynamicArrayAndBytes() throws {
        try check(
            "f(uint,uint32[],bytes10,bytes)",
            canonical: "f(uint256,uint32[],bytes10,bytes)",
            selector: "0x8be65246",
            values: [
                .uint(UInt256(0x123)), uints(0x456, 0x789), .fixedBytes(Array("1234567890".utf8)),
                .bytes(Array("Hello, world!".utf8)),
            ],
            encoding: """
                0000000000000000000000000000000000000000000000000000000000000123
                0000000000000000000000000000000000000000000000000000000000000080
                3132333435363738393000000000000000000000000000000000000000000000
                00000000000000000000000000000000000000000000000000000000000000e0
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000456
                0000000000000000000000000000000000000000000000000000000000000789
                000000000000000000000000000000000000000000000000000000000000000d
                48656c6c6f2c20776f726c642100000000000000000000000000000000000000
                """
        )
    }

    @Test func gNestedArraysAndStringArray() throws {
        try check(
            "g(uint[][],string[])",
            canonical: "g(uint256[][],string[])",
            selector: "0x2289b18c",
            values: [
                .array([uints(1, 2), uints(3)]),
                .array([.string("one"), .string("two"), .string("three")]),
            ],
            // Lines 0–19 of the specification's listing, with its offsets f = 0x40 and g = 0x140 filled in.
            encoding: """
                0000000000000000000000000000000000000000000000000000000000000040
                0000000000000000000000000000000000000000000000000000000000000140
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000040
                00000000000000000000000000000000000000000000000000000000000000a0
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000001
                0000000000000000000000000000000000000000000000000000000000000002
                0000000000000000000000000000000000000000000000000000000000000001
                0000000000000000000000000000000000000000000000000000000000000003
                0000000000000000000000000000000000000000000000000000000000000003
                0000000000000000000000000000000000000000000000000000000000000060
                00000000000000000000000000000000000000000000000000000000000000a0
                00000000000000000000000000000000000000000000000000000000000000e0
                0000000000000000000000000000000000000000000000000000000000000003
                6f6e650000000000000000000000000000000000000000000000000000000000
                0000000000000000000000000000000000000000000000000000000000000003
                74776f0000000000000000000000000000000000000000000000000000000000
                0000000000000000000000000000000000000000000000000000000000000005
                7468726565000000000000000000000000000000000000000000000000000000
                """
        )
    }

    /// The specification's JSON example: `event Event(uint indexed a, bytes32 b)` and its tuple-typed function
    /// input `S` with `components`, here read as an event to exercise `tuple[]` inside components.
    @Test func specificationJSONExamplesRead() throws {
        let json = """
            [{"type":"event","inputs":[{"name":"a","type":"uint256","indexed":true},\
            {"name":"b","type":"bytes32","indexed":false}],"name":"Event"},
            {"type":"function","inputs":[{"name":"a","type":"uint256"}],"name":"foo","outputs":[]},
            {"type":"event","name":"f","inputs":[{"name":"s","type":"tuple","components":[
              {"name":"a","type":"uint256"},{"name":"b","type":"uint256[]"},
              {"name":"c","type":"tuple[]","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]}]},
              {"name":"t","type":"tuple","components":[{"name":"x","type":"uint256"},{"name":"y","type":"uint256"}]},
              {"name":"a","type":"uint256"}]}]
            """
        let events = try ABIEvent.events(fromJSONABI: Array(json.utf8))
        #expect(
            events.map(\.signature) == [
                "Event(uint256,bytes32)", "f((uint256,uint256[],(uint256,uint256)[]),(uint256,uint256),uint256)",
            ])
        #expect(events.first?.inputs.map(\.indexed) == [true, false])
        #expect(events.last?.inputs.first?.components.map(\.name) == ["a", "b", "c"])
        #expect(events.last?.inputs.first?.components.last?.components.map(\.name) == ["x", "y"])
    }
}
