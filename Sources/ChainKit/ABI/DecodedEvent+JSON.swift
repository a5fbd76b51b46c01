extension DecodedEvent {
    /// The webhook's `decoded` object: `{"name":…,"signature":…,"args":{…}}` (CONTRACT.md).
    ///
    /// `args` holds one member per input in declaration order, keyed by the input's name, or by its position
    /// (`"0"`, `"1"`, …) when the name is empty or repeats an earlier one. Values: `uint`/`int` as decimal
    /// strings, `address` as lowercase hex, `bytes<M>`/`bytes` as 0x-hex, `bool` as a JSON bool, `string` as a
    /// JSON string, arrays as JSON arrays, tuples as objects when every member has a distinct name (else arrays).
    /// An indexed string, bytes, array or tuple, which the log carries only as a hash, is `{"hash":"0x…"}`.
    public var json: JSONValue {
        var seen: Set<String> = []
        var members: [JSONMember] = []
        members.reserveCapacity(arguments.count)
        for (position, argument) in arguments.enumerated() {
            let name = argument.parameter.name
            let key = name.isEmpty || seen.contains(name) ? String(position) : name
            seen.insert(key)
            let value: JSONValue
            switch argument.value {
            case .value(let decoded): value = decoded.json(describedBy: argument.parameter)
            case .hashed(let hash): value = .object([JSONMember("hash", .string(hash.description))])
            }
            members.append(JSONMember(key, value))
        }
        return .object([
            JSONMember("name", .string(event.name)),
            JSONMember("signature", .string(event.signature)),
            JSONMember("args", .object(members)),
        ])
    }
}

extension ABIValue {
    /// The value in the webhook's JSON form, using `parameter`'s component names for tuples.
    func json(describedBy parameter: ABIParameter) -> JSONValue {
        switch self {
        case .uint(let number): .string(number.description)
        case .int(let number): .string(number.description)
        case .address(let address): .string(address.description)
        case .bool(let flag): .bool(flag)
        case .fixedBytes(let bytes), .bytes(let bytes): .string(Hex.encode(bytes))
        case .string(let text): .string(text)
        case .array(let elements):
            .array(elements.map { $0.json(describedBy: parameter.elementParameter) })
        case .tuple(let members):
            if parameter.hasNamedComponents {
                .object(zip(parameter.components, members).map { JSONMember($0.name, $1.json(describedBy: $0)) })
            } else {
                .array(zip(parameter.components, members).map { $1.json(describedBy: $0) })
            }
        }
    }
}
