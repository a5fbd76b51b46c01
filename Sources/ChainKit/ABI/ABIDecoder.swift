/// Strict ABI decoding: every length, offset and padding byte is checked, and nothing is allocated beyond what
/// the data can back.
///
/// Verdicts follow eth-abi 6.0.0 in strict mode (Tests/Fixtures/abi/vectors.json) with these deliberate choices:
/// - accepted like eth-abi: trailing bytes after a complete encoding, offsets that are not multiples of 32,
///   offsets shared by several values (Solidity's own decoder accepts all three);
/// - rejected like eth-abi, with our own code: a `bytes` length of 2^255 or more (eth-abi raises Python's
///   `OverflowError`, here `.insufficientData`), invalid UTF-8 in `string` (eth-abi raises `UnicodeDecodeError`,
///   here `.invalidUTF8`: a string we cannot represent faithfully is not delivered at all);
/// - rejected, unlike eth-abi: shared offsets that make the decoded values larger than the data
///   (`.amplification`), so a small hostile log cannot expand into a huge allocation; empty tuples and
///   zero-length arrays as types (`.invalidType`), which Solidity cannot declare.
public enum ABIDecoder {
    /// Decodes data holding a tuple of the given types (the layout of a log's data or function arguments).
    /// - Throws: `ABIDecodingError` for any malformed input; never traps.
    public static func decode(_ types: [ABIType], from data: some Collection<UInt8>) throws(ABIDecodingError)
        -> [ABIValue]
    {
        for type in types {
            if let failure = type.validationFailure { throw ABIDecodingError(.invalidType, failure) }
        }
        return try decode(validated: types, from: Array(data))
    }

    /// Decodes with types already validated (an `ABIEvent`'s).
    static func decode(validated types: [ABIType], from data: [UInt8]) throws(ABIDecodingError) -> [ABIValue] {
        var reader = Reader(data: data)
        return try reader.sequence(types, headSize: ABIType.headSize(of: types), base: 0)
    }

    /// Decodes one value type (uint, int, address, bool, bytes<M>) from a 32-byte word, such as a topic.
    static func decodeWord(_ type: ABIType, from word: [UInt8]) throws(ABIDecodingError) -> ABIValue {
        var reader = Reader(data: word)
        return try reader.value(type, at: 0)
    }

    /// A cursor-free reader: every read names its absolute position and is bounds-checked first.
    private struct Reader {
        let data: [UInt8]
        /// Words of output still allowed: one per value word, length word or payload word produced. An honest
        /// encoding never shares words between values, so it always fits in its own size.
        var budget: Int

        init(data: [UInt8]) {
            self.data = data
            self.budget = data.count / 32
        }

        /// Values laid out as heads (static values in place, offsets for dynamic ones) from `base`.
        mutating func sequence(
            _ types: some Collection<ABIType>,
            headSize: Int,
            base: Int
        ) throws(ABIDecodingError) -> [ABIValue] {
            guard headSize <= data.count - base else {
                throw ABIDecodingError(
                    .insufficientData, "heads of \(headSize) bytes at \(base), data ends at \(data.count)")
            }
            var values: [ABIValue] = []
            values.reserveCapacity(types.count)
            var position = base
            for type in types {
                if type.isDynamic {
                    let offset = try integer(at: position)
                    // Like eth-abi: a tail may not start inside the heads it belongs to, nor at or past the end.
                    guard offset >= headSize, offset < data.count - base else {
                        throw ABIDecodingError(.invalidOffset, "offset \(offset) for \(type) at \(position)")
                    }
                    values.append(try value(type, at: base + offset))
                    position += 32
                } else {
                    values.append(try value(type, at: position))
                    position += type.headSize
                }
            }
            return values
        }

        mutating func value(_ type: ABIType, at position: Int) throws(ABIDecodingError) -> ABIValue {
            switch type {
            case .uint(let bits):
                let word = try valueWord(at: position)
                guard word.prefix(32 - bits / 8).allSatisfy({ $0 == 0 }) else { throw padding(type, position) }
                return .uint(UInt256(bigEndian: word)!)
            case .int(let bits):
                let word = try valueWord(at: position)
                guard ABIEncoder.fitsSigned(Array(word), bits: bits) else { throw padding(type, position) }
                return .int(Int256(twosComplement: UInt256(bigEndian: word)!))
            case .address:
                let word = try valueWord(at: position)
                guard word.prefix(12).allSatisfy({ $0 == 0 }) else { throw padding(type, position) }
                return .address(Address(bytes: word.suffix(20))!)
            case .bool:
                let word = try valueWord(at: position)
                guard word.prefix(31).allSatisfy({ $0 == 0 }), word.last! <= 1 else { throw padding(type, position) }
                return .bool(word.last! == 1)
            case .fixedBytes(let size):
                let word = try valueWord(at: position)
                guard word.suffix(32 - size).allSatisfy({ $0 == 0 }) else { throw padding(type, position) }
                return .fixedBytes(Array(word.prefix(size)))
            case .bytes:
                return .bytes(try byteString(type, at: position))
            case .string:
                let bytes = try byteString(type, at: position)
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw ABIDecodingError(.invalidUTF8, "string at \(position)")
                }
                return .string(text)
            case .array(let element):
                let count = try integer(at: position)
                try spend(1, type, position)
                let base = position + 32
                // Every element takes at least its head in the data: this bounds the allocation below.
                guard count <= (data.count - base) / element.headSize else {
                    throw ABIDecodingError(.insufficientData, "\(count) elements of \(element) at \(position)")
                }
                return .array(
                    try sequence(repeatElement(element, count: count), headSize: count * element.headSize, base: base))
            case .fixedArray(let element, let count):
                let headSize = ABIType.saturatingProduct(element.headSize, count)
                return .array(try sequence(repeatElement(element, count: count), headSize: headSize, base: position))
            case .tuple(let members):
                return .tuple(try sequence(members, headSize: ABIType.headSize(of: members), base: position))
            }
        }

        /// A length-prefixed, zero-padded byte string.
        private mutating func byteString(_ type: ABIType, at position: Int) throws(ABIDecodingError) -> [UInt8] {
            let length = try integer(at: position)
            let start = position + 32
            let available = data.count - start
            guard length <= available else {
                throw ABIDecodingError(
                    .insufficientData, "\(type) of length \(length) at \(position), \(available) bytes follow")
            }
            let paddedLength = (length + 31) / 32 * 32
            guard paddedLength <= available else {
                throw ABIDecodingError(.insufficientData, "\(type) at \(position) not padded to a whole word")
            }
            guard data[(start + length)..<(start + paddedLength)].allSatisfy({ $0 == 0 }) else {
                throw padding(type, position)
            }
            try spend(1 + paddedLength / 32, type, position)
            return Array(data[start..<(start + length)])
        }

        /// A word read as a value: counts against the budget.
        private mutating func valueWord(at position: Int) throws(ABIDecodingError) -> ArraySlice<UInt8> {
            let word = try rawWord(at: position)
            try spend(1, nil, position)
            return word
        }

        /// An offset, length or count; values beyond `Int.max` saturate, so the caller's bound check rejects them.
        private func integer(at position: Int) throws(ABIDecodingError) -> Int {
            let word = try rawWord(at: position)
            guard word.prefix(24).allSatisfy({ $0 == 0 }) else { return Int.max }
            let low = word.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return low > UInt64(Int.max) ? Int.max : Int(low)
        }

        private func rawWord(at position: Int) throws(ABIDecodingError) -> ArraySlice<UInt8> {
            guard position <= data.count - 32 else {
                throw ABIDecodingError(.insufficientData, "word at \(position), data ends at \(data.count)")
            }
            return data[position..<(position + 32)]
        }

        private mutating func spend(_ words: Int, _ type: ABIType?, _ position: Int) throws(ABIDecodingError) {
            budget -= words
            guard budget >= 0 else {
                throw ABIDecodingError(.amplification, "\(type.map { "\($0) " } ?? "")at \(position)")
            }
        }

        private func padding(_ type: ABIType, _ position: Int) -> ABIDecodingError {
            ABIDecodingError(.nonZeroPadding, "\(type) at \(position)")
        }
    }
}
