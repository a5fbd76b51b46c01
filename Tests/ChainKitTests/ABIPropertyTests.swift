import ChainKit
import Testing

/// Seeded property tests: round trips over random types and values, and no crash on hostile bytes.
@Suite struct ABIPropertyTests {
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func randomValuesOfRandomTypesSurviveEncodeThenDecode(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let types = ABIRandomValues.types(using: &random)
            let values = types.map { ABIRandomValues.value($0, using: &random) }
            let encoded = try ABIEncoder.encode(values, as: types)
            #expect(encoded.count % 32 == 0)
            let decoded = try ABIDecoder.decode(types, from: encoded)
            #expect(decoded == values, "seed \(seed) iteration \(iteration): \(types)")
        }
    }

    @Test(arguments: [5 as UInt64, 6])
    func randomEventsSurviveEncodeLogThenDecodeLog(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for iteration in 0..<300 {
            let anonymous = Bool.random(using: &random)
            var indexedLeft = anonymous ? 4 : 3
            let inputs = ABIRandomValues.types(using: &random).enumerated().map { position, type in
                let indexed = indexedLeft > 0 && Bool.random(using: &random)
                if indexed { indexedLeft -= 1 }
                return ABIParameter(name: "p\(position)", type: type, indexed: indexed)
            }
            let event = try ABIEvent(name: "E\(iteration)", inputs: inputs, anonymous: anonymous)
            let values = inputs.map { ABIRandomValues.value($0.type, using: &random) }
            let log = try event.encodeLog(values)
            #expect(log.topics.count == event.topicCount)
            let decoded = try event.decodeLog(topics: log.topics, data: log.data)
            var topics = log.topics.dropFirst(anonymous ? 0 : 1).makeIterator()
            for (argument, value) in zip(decoded.arguments, values) {
                if argument.parameter.indexed && !argument.parameter.type.isValueType {
                    #expect(argument.value == .hashed(topics.next()!))
                } else {
                    if argument.parameter.indexed { _ = topics.next() }
                    #expect(argument.value == .value(value), "seed \(seed) iteration \(iteration)")
                }
            }
        }
    }

    /// Random bytes never trap; whatever decodes is a well-typed value (it re-encodes, and that decodes back).
    @Test(arguments: [7 as UInt64, 8, 9, 10])
    func randomBytesNeverCrashTheDecoder(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var accepted = 0
        for _ in 0..<2_000 {
            let types = ABIRandomValues.types(using: &random)
            let data = ABIRandomValues.hostileData(using: &random)
            guard case .success(let values) = ABIFixtures.decoding(types, data) else { continue }
            accepted += 1
            let reencoded = try ABIEncoder.encode(values, as: types)
            #expect(try ABIDecoder.decode(types, from: reencoded) == values)
        }
        // Some random inputs must decode, or this test would only ever exercise the first bounds check.
        #expect(accepted > 20)
    }

    /// Valid encodings with bytes flipped or words replaced by hostile numbers never trap either.
    @Test(arguments: [11 as UInt64, 12])
    func mutatedEncodingsNeverCrashTheDecoder(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var rejected = 0
        for _ in 0..<1_000 {
            let types = ABIRandomValues.types(using: &random)
            var data = try ABIEncoder.encode(types.map { ABIRandomValues.value($0, using: &random) }, as: types)
            guard !data.isEmpty else { continue }
            for _ in 0..<Int.random(in: 1...3, using: &random) where data.count >= 32 {
                let word = Int.random(in: 0..<(data.count / 32), using: &random) * 32
                switch Int.random(in: 0..<4, using: &random) {
                case 0: data[word + Int.random(in: 0..<32, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                case 1: data.replaceSubrange(word..<(word + 32), with: [UInt8](repeating: 0xFF, count: 32))
                case 2: data[word + 31] = UInt8.random(in: 0...255, using: &random)
                default: data.removeLast(Int.random(in: 1...data.count, using: &random))
                }
            }
            if case .failure = ABIFixtures.decoding(types, data) { rejected += 1 }
        }
        #expect(rejected > 100)
    }

    @Test func randomLogsNeverCrashTheRegistry() throws {
        var random = SplitMix64(seed: 13)
        let topic0s = [
            "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            "0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67",
            "0x4a39dc06d4c0dbc64b70af90fd698a233a518aa5d07e595d983b8c0526c8f7fb",
        ].map { try! Hash32(hex: $0) }
        for _ in 0..<2_000 {
            let topics =
                [topic0s[Int.random(in: 0..<topic0s.count, using: &random)]]
                + (0..<Int.random(in: 0...4, using: &random)).map { _ in
                    Hash32(
                        bytes: ABIRandomValues.bytes(32, using: &random).enumerated().map {
                            $0 < 12 && Bool.random(using: &random) ? 0 : $1
                        })!
                }
            if let decoded = ABIRegistry.builtin.decode(
                topics: topics, data: ABIRandomValues.hostileData(using: &random))
            {
                #expect(decoded.event.topicCount == topics.count)
            }
        }
    }
}
