/// Reads the members of one JSON object by name, for the typed decoders of the RPC objects.
struct JSONFields {
    let members: [JSONMember]
    let path: String

    /// The members of `value`, which must be an object.
    init(_ value: JSONValue, path: @autoclosure () -> String) throws(RPCDecodingError) {
        guard case .object(let members) = value else { throw value.wrongType("an object", path) }
        self.members = members
        self.path = path()
    }

    /// The path of member `key`, for error messages.
    func path(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The value of member `key` (the last one if repeated), or nil when absent.
    func optional(_ key: String) -> JSONValue? {
        members.last(where: { $0.key == key })?.value
    }

    /// The value of member `key`, or nil when it is absent or `null` (optional fields come either way).
    func nonNull(_ key: String) -> JSONValue? {
        guard let value = optional(key), value != .null else { return nil }
        return value
    }

    /// The value of member `key`, which must be present.
    func required(_ key: String) throws(RPCDecodingError) -> JSONValue {
        guard let value = optional(key) else {
            throw RPCDecodingError(.missingField, field: path(key), detail: "required member is absent")
        }
        return value
    }

    func quantity(_ key: String) throws(RPCDecodingError) -> UInt64 {
        try required(key).decodeQuantity(at: path(key))
    }

    func optionalQuantity(_ key: String) throws(RPCDecodingError) -> UInt64? {
        try nonNull(key).map { value throws(RPCDecodingError) in try value.decodeQuantity(at: path(key)) }
    }

    func bigQuantity(_ key: String) throws(RPCDecodingError) -> UInt256 {
        try required(key).decodeBigQuantity(at: path(key))
    }

    func optionalBigQuantity(_ key: String) throws(RPCDecodingError) -> UInt256? {
        try nonNull(key).map { value throws(RPCDecodingError) in try value.decodeBigQuantity(at: path(key)) }
    }

    func hash(_ key: String) throws(RPCDecodingError) -> Hash32 {
        try required(key).decodeHash(at: path(key))
    }

    func optionalHash(_ key: String) throws(RPCDecodingError) -> Hash32? {
        try nonNull(key).map { value throws(RPCDecodingError) in try value.decodeHash(at: path(key)) }
    }

    func address(_ key: String) throws(RPCDecodingError) -> Address {
        try required(key).decodeAddress(at: path(key))
    }

    func bytes(_ key: String) throws(RPCDecodingError) -> [UInt8] {
        try required(key).decodeBytes(at: path(key))
    }

    func bool(_ key: String) throws(RPCDecodingError) -> Bool {
        try required(key).decodeBool(at: path(key))
    }

    func string(_ key: String) throws(RPCDecodingError) -> String {
        try required(key).decodeString(at: path(key))
    }

    /// Decodes every element of the array member `key`.
    func array<T>(
        _ key: String,
        _ element: (JSONValue, @autoclosure () -> String) throws(RPCDecodingError) -> T
    ) throws(RPCDecodingError) -> [T] {
        let elements = try required(key).decodeArray(at: path(key))
        var result: [T] = []
        result.reserveCapacity(elements.count)
        for (index, value) in elements.enumerated() {
            result.append(try element(value, "\(path(key))[\(index)]"))
        }
        return result
    }

    /// The members whose keys are not in `known`, in order.
    func unknownMembers(known: Set<String>) -> [JSONMember] {
        members.filter { !known.contains($0.key) }
    }
}
