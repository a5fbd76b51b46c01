extension DecodedEvent {
    /// The webhook's `decoded` object: `{"name":…,"signature":…,"args":{…}}` (CONTRACT.md).
    ///
    /// `args` holds one member per input in declaration order, keyed by the input's name, or by its position
    /// (`"0"`, `"1"`, …) when the name is empty or repeats an earlier one. Values: `uint`/`int` as decimal
    /// strings, `address` as lowercase hex, `bytes<M>`/`bytes` as 0x-hex, `bool` as a JSON bool, `string` as a
    /// JSON string, arrays as JSON arrays, tuples as objects when every member has a distinct name (else arrays).
    /// An indexed string, bytes, array or tuple, which the log carries only as a hash, is `{"hash":"0x…"}`.
    public var json: JSONValue {
        var members: [JSONMember] = []
        members.reserveCapacity(arguments.count)
        for (key, argument) in zip(event.argumentKeys, arguments) {
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

    /// Appends `json`'s compact text (`json.write(to:)`'s bytes) to `output`, written straight from the values:
    /// the webhook body of every decoded log needs it, and building the tree first cost an allocation per node.
    public func writeJSON(to output: inout [UInt8]) {
        output += event.jsonHead
        for (position, (key, argument)) in zip(event.jsonKeys, arguments).enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            output += key
            switch argument.value {
            case .value(let decoded): decoded.writeJSON(describedBy: argument.parameter, to: &output)
            case .hashed(let hash):
                output += #"{"hash":""#.utf8
                hash.appendHex(to: &output)
                output += #""}"#.utf8
            }
        }
        output += "}}".utf8
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

extension ABIValue {
    /// Appends `json(describedBy:)`'s compact text to `output` without building it.
    func writeJSON(describedBy parameter: ABIParameter, to output: inout [UInt8]) {
        func quoted(_ write: (inout [UInt8]) -> Void) {
            output.append(UInt8(ascii: "\""))
            write(&output)
            output.append(UInt8(ascii: "\""))
        }
        switch self {
        // Decimal digits, lowercase hex: nothing to escape.
        case .uint(let number): quoted { $0 += number.description.utf8 }
        case .int(let number): quoted { $0 += number.description.utf8 }
        case .address(let address): quoted(address.appendHex)
        case .bool(let flag): output += (flag ? "true" : "false").utf8
        case .fixedBytes(let bytes), .bytes(let bytes): quoted { Hex.append(bytes, to: &$0) }
        case .string(let text): JSONValue.writeString(text, to: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.writeJSON(describedBy: parameter.elementParameter, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .tuple(let members):
            let named = parameter.hasNamedComponents
            output.append(UInt8(ascii: named ? "{" : "["))
            for (position, (component, member)) in zip(parameter.components, members).enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                if named {
                    JSONValue.writeString(component.name, to: &output)
                    output.append(UInt8(ascii: ":"))
                }
                member.writeJSON(describedBy: component, to: &output)
            }
            output.append(UInt8(ascii: named ? "}" : "]"))
        }
    }
}
