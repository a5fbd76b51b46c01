import ChainKit
import Foundation
import Pipeline
import TestSupport
import Testing

/// The `decoded` member of webhook bodies against PyPI eth-abi decoding the same generated logs: ERC-20, ERC-721,
/// Uniswap V2 and V3 events with random values (extremes included), through the Processor's built-in ABIs.
@Suite(.timeLimit(.minutes(5))) struct DecodedArgumentsTests {
    static let files = ["erc20", "erc721", "uniswap-v2-pair", "uniswap-v3-pool"]

    /// A random value of `type`: a third of the time the type's minimum or maximum.
    static func value(_ type: ABIType, _ generator: inout some RandomNumberGenerator) -> ABIValue {
        func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        let extreme = Int.random(in: 0..<6, using: &generator)
        switch type {
        case .uint(let bits):
            let width = bits / 8
            let raw =
                extreme == 0
                ? [UInt8](repeating: 0, count: width)
                : extreme == 1 ? [UInt8](repeating: 0xFF, count: width) : bytes(width)
            return .uint(UInt256(bigEndian: raw)!)
        case .int(let bits):
            var magnitude = bytes(bits / 8)
            if extreme == 1 { magnitude = [UInt8](repeating: 0xFF, count: bits / 8) }
            magnitude[0] &= 0x7F
            let negative = Bool.random(using: &generator)
            return .int(Int256(isNegative: negative, magnitude: UInt256(bigEndian: magnitude)!)!)
        case .address:
            return .address(Address(bytes: bytes(20))!)
        case .bool:
            return .bool(Bool.random(using: &generator))
        default:
            Issue.record("no generator for \(type)")
            return .bool(false)
        }
    }

    @Test func decodedArgumentsAgreeWithEthABI() async throws {
        var events: [ABIEvent] = []
        for file in Self.files {
            let url = TestEnvironment.repositoryRoot.appendingPathComponent("abi/\(file).json")
            events += try ABIEvent.events(fromJSONABI: Array(try Data(contentsOf: url)))
        }
        var generator = SystemRandomNumberGenerator()
        var logs: [(ABIEvent, Log)] = []
        for round in 0..<20 {
            for event in events {
                let encoded = try event.encodeLog(event.inputs.map { Self.value($0.type, &generator) })
                let log = StreamEntries.log(
                    topics: encoded.topics, data: encoded.data, block: UInt64(round), logIndex: UInt64(logs.count))
                logs.append((event, log))
            }
        }
        try await ProcessorHarness.with { harness in
            try await harness.addEndpoint()
            let running = try await harness.startProcessor()
            try await harness.append(logs.map { StreamEntries.entry($0.1) })
            try await harness.waitUntil("every log processed") { try await harness.jobCount() == logs.count }
            await running.stop()
            let bodies = try await harness.jobs().map { try JSONValue.parse($0.body) }

            let request = JSONValue.array(
                logs.map { event, log in
                    [
                        "name": .string(event.name),
                        "inputs": .array(
                            event.inputs.map { ["type": .string($0.type.description), "indexed": .bool($0.indexed)] }),
                        "topics": .array(log.topics.map { .string($0.description) }),
                        "data": .string(Hex.encode(log.data)),
                    ]
                })
            let reference = try await Self.ethABI(request)
            #expect(reference.count == logs.count)
            for (body, expected) in zip(bodies, reference) {
                let decoded = try #require(body["data"]?["decoded"], "no decoded member: \(body.serialized())")
                #expect(decoded["signature"] == expected["signature"])
                let values = decoded["args"]?.objectValue?.map(\.value) ?? []
                #expect(JSONValue.array(values) == expected["values"], "\(decoded.serialized())")
            }
        }
    }

    /// Runs `Tests/Servers/eth_abi_decode.py` on the request.
    static func ethABI(_ request: JSONValue) async throws -> [JSONValue] {
        let run = try await ProgramRun.python("eth_abi_decode.py", input: Array(request.serialized().utf8))
        try #require(run.status == 0, "eth_abi_decode.py failed: \(run.stderr)")
        return try #require(try JSONValue.parse(Array(run.stdout.utf8)).arrayValue)
    }

}
