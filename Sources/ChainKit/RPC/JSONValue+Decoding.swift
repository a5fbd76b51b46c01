/// Typed reads of JSON-RPC values, each failing with an `RPCDecodingError` that names the field.
///
/// `path` is an autoclosure: the dotted path is only built when something is wrong.
extension JSONValue {
    /// A short name of the JSON type, for error messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    func wrongType(_ expected: String, _ path: () -> String) -> RPCDecodingError {
        RPCDecodingError(.wrongType, field: path(), detail: "expected \(expected), found \(typeName)")
    }

    func decodeString(at path: @autoclosure () -> String) throws(RPCDecodingError) -> String {
        guard case .string(let text) = self else { throw wrongType("a string", path) }
        return text
    }

    func decodeBool(at path: @autoclosure () -> String) throws(RPCDecodingError) -> Bool {
        guard case .bool(let flag) = self else { throw wrongType("a boolean", path) }
        return flag
    }

    func decodeArray(at path: @autoclosure () -> String) throws(RPCDecodingError) -> [JSONValue] {
        guard case .array(let elements) = self else { throw wrongType("an array", path) }
        return elements
    }

    /// Runs a hex decoder over the UTF-8 of a string value.
    private func decodeHex<T>(
        _ expected: String,
        _ path: () -> String,
        _ body: (UnsafeBufferPointer<UInt8>) throws(HexError) -> T
    ) throws(RPCDecodingError) -> T {
        guard case .string(let text) = self else { throw wrongType(expected, path) }
        do {
            return try HexCore.withUTF8(text, body)
        } catch {
            throw RPCDecodingError(.invalidHex, field: path(), detail: error.description, underlying: error)
        }
    }

    func decodeQuantity(at path: @autoclosure () -> String) throws(RPCDecodingError) -> UInt64 {
        try decodeHex("a hex quantity", path) { buffer throws(HexError) in try HexCore.decodeQuantity(buffer) }
    }

    func decodeBigQuantity(at path: @autoclosure () -> String) throws(RPCDecodingError) -> UInt256 {
        guard case .string(let text) = self else { throw wrongType("a hex quantity", path) }
        guard let value = UInt256(hexQuantity: text) else {
            throw RPCDecodingError(.invalidHex, field: path(), detail: "expected a 256-bit hex quantity")
        }
        return value
    }

    func decodeHash(at path: @autoclosure () -> String) throws(RPCDecodingError) -> Hash32 {
        try decodeHex("a 32-byte hex string", path) { buffer throws(HexError) in try Hash32(utf8Hex: buffer) }
    }

    func decodeAddress(at path: @autoclosure () -> String) throws(RPCDecodingError) -> Address {
        try decodeHex("a 20-byte hex address", path) { buffer throws(HexError) in try Address(utf8Hex: buffer) }
    }

    func decodeBytes(at path: @autoclosure () -> String) throws(RPCDecodingError) -> [UInt8] {
        try decodeHex("a hex string", path) { buffer throws(HexError) in try HexCore.decodeBytes(buffer) }
    }

    /// The JSON-RPC QUANTITY form of a number.
    static func quantity(_ value: UInt64) -> JSONValue { .string(Hex.encodeQuantity(value)) }

    /// `0x` hex of bytes.
    static func hex(_ bytes: some Sequence<UInt8>) -> JSONValue { .string(Hex.encode(bytes)) }
}
