import Foundation
import TestSupport
import Testing

@testable import ChainKit

/// The topic0 registry, its choice between events sharing topic0, and the built-in ABIs embedded from abi/.
@Suite struct ABIRegistryTests {
    static let abiFolder = TestEnvironment.repositoryRoot.appendingPathComponent("abi")

    static func abiFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: abiFolder.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test func embeddedABIsAreExactlyTheFilesOfTheABIFolder() throws {
        #expect(BuiltinABIs.files.map(\.name).sorted() == (try Self.abiFiles()))
        for file in BuiltinABIs.files {
            let onDisk = try String(contentsOf: Self.abiFolder.appendingPathComponent(file.name), encoding: .utf8)
            #expect(file.json + "\n" == onDisk, "\(file.name) differs: run scripts/gen-builtin-abis")
        }
        #expect(BuiltinABIs.files.prefix(2).map(\.name) == ["erc20.json", "erc721.json"])
    }

    /// abi/ holds the event entries of the fixture ABIs it names (its README's provenance).
    @Test func abiFolderHoldsTheEventsOfTheFixtureContracts() throws {
        for file in try Self.abiFiles() {
            let ours = try ABIEvent.events(
                fromJSONABI: Array(Data(contentsOf: Self.abiFolder.appendingPathComponent(file))))
            let fixture = try ABIEvent.events(fromJSONABI: ABIFixtures.json("abi/contracts/" + file))
            #expect(ours == fixture, "\(file)")
            #expect(!ours.isEmpty)
        }
    }

    @Test func builtinRegistryKnowsTheWellKnownEvents() {
        let registry = ABIRegistry.builtin
        let transfer = registry.events(
            topic0: try! Hash32(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
        #expect(transfer.map(\.topicCount) == [3, 4])
        #expect(transfer.map { $0.inputs.map(\.name) } == [["from", "to", "value"], ["from", "to", "tokenId"]])
        // 32 event entries in abi/, of which 7 repeat the layout of an earlier file: Transfer and Approval of
        // ERC-4626, WETH9 and the V2 pair (after ERC-20's), ApprovalForAll of ERC-1155 (after ERC-721's).
        #expect(ABIRegistry.builtinEvents.count == 32)
        #expect(registry.count == 25)
    }

    /// ERC-20 and ERC-721 `Transfer` share topic0; the topic count picks the layout, and the ERC-721 log's empty
    /// data would not decode under the ERC-20 layout anyway.
    @Test func erc20AndERC721TransferAreToldApart() throws {
        let events = try ABIEventDecodingTests.fixtureEvents()
        let erc20 = try ABIEventDecodingTests.FixtureLog(
            try #require(events.first { $0.name.hasPrefix("ERC-20 Transfer") }))
        let erc721 = try ABIEventDecodingTests.FixtureLog(
            try #require(events.first { $0.name.hasPrefix("ERC-721 mint") }))

        let fungible = try #require(ABIRegistry.builtin.decode(topics: erc20.topics, data: erc20.data))
        #expect(fungible.json["args"]?["value"] == .string("1500000000"))
        #expect(fungible.json["args"]?["tokenId"] == nil)

        let token = try #require(ABIRegistry.builtin.decode(topics: erc721.topics, data: erc721.data))
        #expect(token.json["args"]?["tokenId"] == .string("8817"))
        #expect(token.arguments.map(\.parameter.indexed) == [true, true, true])

        // Whichever order they were registered in, each log gets its own layout.
        let reversed = ABIRegistry([token.event, fungible.event])
        #expect(reversed.decode(topics: erc20.topics, data: erc20.data) == fungible)
        #expect(reversed.decode(topics: erc721.topics, data: erc721.data) == token)
        // A registry that only knows the other layout gives no decoding rather than a wrong one.
        #expect(ABIRegistry([fungible.event]).decode(topics: erc721.topics, data: erc721.data) == nil)
        #expect(ABIRegistry([token.event]).decode(topics: erc20.topics, data: erc20.data) == nil)
    }

    /// With the same topic count, a strict decode decides: a layout whose data does not decode is skipped.
    @Test func strictDecodeChoosesAmongSameTopicCount() throws {
        let first = try ABIEvent(signature: "Ping(uint256 indexed id, uint8 small)")
        let second = try ABIEvent(signature: "Ping(uint256 id, uint8 indexed small)")
        #expect(first.topic0 == second.topic0)
        let registry = ABIRegistry([first, second])
        // 300 does not fit the first layout's uint8 in the data: only the second decodes it.
        let wide = try second.encodeLog([.uint(UInt256(300)), .uint(UInt256(3))])
        #expect(registry.decode(topics: wide.topics, data: wide.data)?.event == second)
        // Both layouts decode this one; registration order decides.
        let narrow = try second.encodeLog([.uint(UInt256(3)), .uint(UInt256(3))])
        #expect(registry.decode(topics: narrow.topics, data: narrow.data)?.event == first)
    }

    @Test func sameLayoutIsKeptOnceAndAnonymousNotAtAll() throws {
        var registry = ABIRegistry()
        #expect(
            registry.add(try ABIEvent(signature: "Transfer(address indexed from, address indexed to, uint256 value)")))
        #expect(
            !registry.add(try ABIEvent(signature: "Transfer(address indexed src, address indexed dst, uint256 wad)")))
        #expect(
            registry.add(try ABIEvent(signature: "Transfer(address indexed a, address indexed b, uint256 indexed c)")))
        #expect(!registry.add(try ABIEvent(signature: "Transfer(address, address, uint256) anonymous")))
        #expect(registry.count == 2)
    }

    /// Every fixture log whose ABI is built in decodes through the built-in registry to the reference values.
    @Test func builtinRegistryDecodesEveryFixtureLogItCovers() throws {
        let builtin = Set(try Self.abiFiles().map { "abi/contracts/" + $0 })
        var covered = 0
        for vector in try ABIEventDecodingTests.fixtureEvents() {
            let log = try ABIEventDecodingTests.FixtureLog(vector)
            let decoded = ABIRegistry.builtin.decode(topics: log.topics, data: log.data)
            guard builtin.contains(try ABIFixtures.string(vector.json["abi"])) else {
                #expect(decoded == nil, "\(vector.name)")
                continue
            }
            covered += 1
            #expect(
                decoded?.arguments.map(\.value) == (try ABIEventDecodingTests.expectedArguments(vector)),
                "\(vector.name)")
        }
        #expect(covered == 16)
    }

    @Test func unknownOrMalformedLogsGetNoDecoding() throws {
        let registry = ABIRegistry.builtin
        let unknown = try Hash32(hex: "0x" + String(repeating: "ab", count: 32))
        #expect(registry.decode(topics: [unknown], data: []) == nil)
        #expect(registry.decode(topics: [], data: []) == nil)
        let transfer = try Hash32(hex: "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        #expect(registry.decode(topics: [transfer], data: []) == nil)
        #expect(registry.decode(topics: [transfer, transfer, transfer], data: [UInt8](repeating: 0, count: 32)) == nil)
    }
}
