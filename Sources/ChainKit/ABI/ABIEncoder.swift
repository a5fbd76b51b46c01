/// The standard (strict-mode) ABI encoding of values, as Solidity's `abi.encode` produces it.
public enum ABIEncoder {
    /// Encodes values as a tuple of the given types (the layout of function arguments and of a log's data).
    /// - Throws: `ABIEncodingError` when a value does not fit its type.
    public static func encode(_ values: [ABIValue], as types: [ABIType]) throws(ABIEncodingError) -> [UInt8] {
        guard values.count == types.count else {
            throw ABIEncodingError(.wrongCount, type: .tuple(types))
        }
        return try encodeSequence(values, types: types)
    }

    /// The 32-byte topic of an indexed value: the value's word for value types, else the Keccak-256 of its
    /// in-place encoding (Solidity ABI specification, "Encoding of Indexed Event Parameters").
    /// - Throws: `ABIEncodingError` when the value does not fit its type.
    public static func topic(_ value: ABIValue, as type: ABIType) throws(ABIEncodingError) -> Hash32 {
        let bytes = try type.isValueType ? encodeValue(value, as: type) : inPlace(value, as: type, padded: false)
        return type.isValueType ? Hash32(bytes: bytes)! : Keccak256.hash(bytes)
    }

    /// Heads then tails: a static value sits in the head; a dynamic one leaves its offset there and goes to the tail.
    private static func encodeSequence(
        _ values: [ABIValue],
        types: some Collection<ABIType>
    ) throws(ABIEncodingError) -> [UInt8] {
        let headSize = ABIType.headSize(of: types)
        var head: [UInt8] = []
        var tail: [UInt8] = []
        head.reserveCapacity(headSize)
        for (position, (value, type)) in zip(values, types).enumerated() {
            do throws(ABIEncodingError) {
                if type.isDynamic {
                    head += word(headSize + tail.count)
                    tail += try encodeValue(value, as: type)
                } else {
                    head += try encodeValue(value, as: type)
                }
            } catch {
                var error = error
                error.path.insert(position, at: 0)
                throw error
            }
        }
        return head + tail
    }

    private static func encodeValue(_ value: ABIValue, as type: ABIType) throws(ABIEncodingError) -> [UInt8] {
        switch (type, value) {
        case (.uint(let bits), .uint(let number)):
            let bytes = number.bigEndianBytes
            guard bytes.prefix(32 - bits / 8).allSatisfy({ $0 == 0 }) else {
                throw ABIEncodingError(.outOfRange, type: type)
            }
            return bytes
        case (.int(let bits), .int(let number)):
            let bytes = number.twosComplement.bigEndianBytes
            guard fitsSigned(bytes, bits: bits) else { throw ABIEncodingError(.outOfRange, type: type) }
            return bytes
        case (.address, .address(let address)):
            return [UInt8](repeating: 0, count: 12) + address.bytes
        case (.bool, .bool(let flag)):
            return word(flag ? 1 : 0)
        case (.fixedBytes(let size), .fixedBytes(let bytes)):
            guard bytes.count == size else { throw ABIEncodingError(.outOfRange, type: type) }
            return padded(bytes)
        case (.bytes, .bytes(let bytes)):
            return word(bytes.count) + padded(bytes)
        case (.string, .string(let text)):
            return word(text.utf8.count) + padded(Array(text.utf8))
        case (.array(let element), .array(let elements)):
            return try word(elements.count)
                + encodeSequence(elements, types: repeatElement(element, count: elements.count))
        case (.fixedArray(let element, let count), .array(let elements)):
            guard elements.count == count else { throw ABIEncodingError(.wrongCount, type: type) }
            return try encodeSequence(elements, types: repeatElement(element, count: count))
        case (.tuple(let members), .tuple(let values)):
            guard values.count == members.count else { throw ABIEncodingError(.wrongCount, type: type) }
            return try encodeSequence(values, types: members)
        default:
            throw ABIEncodingError(.typeMismatch, type: type)
        }
    }

    /// The in-place encoding hashed for indexed reference types: contents without lengths or offsets, members
    /// and elements each padded to whole words (a top-level `bytes`/`string` is its bare contents).
    private static func inPlace(_ value: ABIValue, as type: ABIType, padded pad: Bool) throws(ABIEncodingError)
        -> [UInt8]
    {
        switch (type, value) {
        case (.bytes, .bytes(let bytes)):
            return pad ? padded(bytes) : bytes
        case (.string, .string(let text)):
            return pad ? padded(Array(text.utf8)) : Array(text.utf8)
        case (.array(let element), .array(let elements)):
            return try inPlaceSequence(elements, types: repeatElement(element, count: elements.count))
        case (.fixedArray(let element, let count), .array(let elements)):
            guard elements.count == count else { throw ABIEncodingError(.wrongCount, type: type) }
            return try inPlaceSequence(elements, types: repeatElement(element, count: count))
        case (.tuple(let members), .tuple(let values)):
            guard values.count == members.count else { throw ABIEncodingError(.wrongCount, type: type) }
            return try inPlaceSequence(values, types: members)
        default:
            return try encodeValue(value, as: type)
        }
    }

    private static func inPlaceSequence(
        _ values: [ABIValue],
        types: some Collection<ABIType>
    ) throws(ABIEncodingError) -> [UInt8] {
        var bytes: [UInt8] = []
        for (position, (value, type)) in zip(values, types).enumerated() {
            do throws(ABIEncodingError) {
                bytes += try inPlace(value, as: type, padded: true)
            } catch {
                var error = error
                error.path.insert(position, at: 0)
                throw error
            }
        }
        return bytes
    }

    /// Whether a two's-complement word is the sign extension of a `bits`-wide value.
    static func fitsSigned(_ word: [UInt8], bits: Int) -> Bool {
        let valueBytes = bits / 8
        let negative = word[32 - valueBytes] & 0x80 != 0
        let fill: UInt8 = negative ? 0xFF : 0
        return word.prefix(32 - valueBytes).allSatisfy { $0 == fill }
    }

    /// A non-negative integer as a 32-byte big-endian word.
    static func word(_ value: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 24)
        withUnsafeBytes(of: UInt64(value).bigEndian) { bytes += $0 }
        return bytes
    }

    private static func padded(_ bytes: [UInt8]) -> [UInt8] {
        let remainder = bytes.count % 32
        return remainder == 0 ? bytes : bytes + [UInt8](repeating: 0, count: 32 - remainder)
    }
}
