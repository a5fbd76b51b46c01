import ChainKit

/// Random ABI types, values and hostile byte strings for the property tests.
enum ABIRandomValues {
    static func type(depth: Int = 0, using random: inout SplitMix64) -> ABIType {
        switch Int.random(in: 0..<(depth >= 3 ? 7 : 10), using: &random) {
        case 0: .uint(8 * Int.random(in: 1...32, using: &random))
        case 1: .int(8 * Int.random(in: 1...32, using: &random))
        case 2: .address
        case 3: .bool
        case 4: .fixedBytes(Int.random(in: 1...32, using: &random))
        case 5: .bytes
        case 6: .string
        case 7: .array(type(depth: depth + 1, using: &random))
        case 8: .fixedArray(type(depth: depth + 1, using: &random), Int.random(in: 1...3, using: &random))
        default: .tuple((0..<Int.random(in: 1...3, using: &random)).map { _ in type(depth: depth + 1, using: &random) })
        }
    }

    static func types(using random: inout SplitMix64) -> [ABIType] {
        (0..<Int.random(in: 0...4, using: &random)).map { _ in type(using: &random) }
    }

    static func bytes(_ count: Int, using random: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    static func value(_ type: ABIType, using random: inout SplitMix64) -> ABIValue {
        switch type {
        case .uint(let bits):
            return .uint(UInt256(bigEndian: integerWord(bits: bits, sign: nil, using: &random))!)
        case .int(let bits):
            let word = integerWord(bits: bits, sign: Bool.random(using: &random), using: &random)
            return .int(Int256(twosComplement: UInt256(bigEndian: word)!))
        case .address:
            return .address(Address(bytes: bytes(20, using: &random))!)
        case .bool:
            return .bool(Bool.random(using: &random))
        case .fixedBytes(let size):
            return .fixedBytes(bytes(size, using: &random))
        case .bytes:
            return .bytes(bytes(Int.random(in: 0...70, using: &random), using: &random))
        case .string:
            return .string(string(using: &random))
        case .array(let element):
            return .array((0..<Int.random(in: 0...3, using: &random)).map { _ in value(element, using: &random) })
        case .fixedArray(let element, let count):
            return .array((0..<count).map { _ in value(element, using: &random) })
        case .tuple(let members):
            return .tuple(members.map { value($0, using: &random) })
        }
    }

    /// A word holding a random `bits`-wide integer (`sign`: nil unsigned, true negative, false non-negative),
    /// sign-extended; zero and all-ones patterns are favoured to reach the extremes.
    private static func integerWord(bits: Int, sign negative: Bool?, using random: inout SplitMix64) -> [UInt8] {
        let width = bits / 8
        var low: [UInt8]
        switch Int.random(in: 0..<4, using: &random) {
        case 0: low = [UInt8](repeating: 0, count: width)
        case 1: low = [UInt8](repeating: 0xFF, count: width)
        default: low = bytes(width, using: &random)
        }
        switch negative {
        case true?: low[0] |= 0x80
        case false?: low[0] &= 0x7F
        case nil: break
        }
        return [UInt8](repeating: negative == true ? 0xFF : 0, count: 32 - width) + low
    }

    /// Text mixing 1-, 2-, 3- and 4-byte UTF-8 sequences.
    private static func string(using random: inout SplitMix64) -> String {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0xA0...0x7FF, 0x800...0xD7FF, 0x1_0000...0x1_FFFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            let range = ranges[Int.random(in: 0..<ranges.count, using: &random)]
            scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &random))!)
        }
        return String(scalars)
    }

    /// Bytes shaped like an encoding: whole words, many of them small numbers that land as plausible offsets
    /// and lengths, some huge, some random, sometimes a ragged end.
    static func hostileData(using random: inout SplitMix64) -> [UInt8] {
        var data: [UInt8] = []
        for _ in 0..<Int.random(in: 0...14, using: &random) {
            switch Int.random(in: 0..<5, using: &random) {
            case 0: data += [UInt8](repeating: 0, count: 32)
            case 1: data += [UInt8](repeating: 0, count: 31) + [UInt8(32 * Int.random(in: 0...7, using: &random))]
            case 2: data += [UInt8](repeating: 0, count: 30) + bytes(2, using: &random)
            case 3: data += [UInt8](repeating: 0xFF, count: 32)
            default: data += bytes(32, using: &random)
            }
        }
        if Bool.random(using: &random) { data += bytes(Int.random(in: 1...31, using: &random), using: &random) }
        return data
    }
}
