extension ABIEvent {
    /// Reads the events of a JSON ABI: an array of entries (non-event entries are skipped), a single event
    /// fragment `{"type":"event",…}`, or a compiler artifact holding the array under `abi`.
    /// - Throws: `ABIParseError` with code `.invalidJSONABI` (or `.invalidType`) naming the entry at fault.
    public static func events(fromJSONABI bytes: some Collection<UInt8>) throws(ABIParseError) -> [ABIEvent] {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            throw ABIParseError(.invalidJSONABI, "not JSON: \(error)")
        }
        return try events(fromJSONABI: json)
    }

    /// Reads the events of an already parsed JSON ABI (same shapes as `events(fromJSONABI:)` on bytes).
    public static func events(fromJSONABI json: JSONValue) throws(ABIParseError) -> [ABIEvent] {
        switch json {
        case .array(let entries):
            var events: [ABIEvent] = []
            for (position, entry) in entries.enumerated() where entry["type"] == .string("event") {
                do throws(ABIParseError) {
                    events.append(try ABIEvent(json: entry))
                } catch {
                    throw ABIParseError(error.code, "entry \(position): \(error.reason)")
                }
            }
            return events
        case .object:
            if let abi = json["abi"], case .array = abi {
                return try events(fromJSONABI: abi)
            }
            return [try ABIEvent(json: json)]
        default:
            throw ABIParseError(.invalidJSONABI, "expected an array of ABI entries or one event object")
        }
    }

    /// Reads one event fragment: `{"type":"event","name":…,"inputs":[{"name","type","indexed","components"}],
    /// "anonymous":…}`.
    /// - Throws: `ABIParseError` when it is not an event or a field has the wrong shape.
    public init(json: JSONValue) throws(ABIParseError) {
        guard json["type"] == .string("event") else {
            throw ABIParseError(.invalidJSONABI, "`type` is not \"event\"")
        }
        guard case .string(let name) = json["name"] else {
            throw ABIParseError(.invalidJSONABI, "missing string `name`")
        }
        let inputs = try Self.parameters(json["inputs"] ?? .array([]), field: "inputs", allowIndexed: true)
        let anonymous = try Self.flag(json["anonymous"], field: "anonymous")
        try self.init(name: name, inputs: inputs, anonymous: anonymous)
    }

    private static func parameters(
        _ json: JSONValue,
        field: String,
        allowIndexed: Bool
    ) throws(ABIParseError) -> [ABIParameter] {
        guard case .array(let entries) = json else {
            throw ABIParseError(.invalidJSONABI, "`\(field)` is not an array")
        }
        var parameters: [ABIParameter] = []
        for (position, entry) in entries.enumerated() {
            parameters.append(try parameter(entry, path: "\(field)[\(position)]", allowIndexed: allowIndexed))
        }
        return parameters
    }

    private static func parameter(
        _ json: JSONValue,
        path: String,
        allowIndexed: Bool
    ) throws(ABIParseError) -> ABIParameter {
        guard case .object = json, case .string(let typeText) = json["type"] else {
            throw ABIParseError(.invalidJSONABI, "\(path): missing string `type`")
        }
        let name: String
        switch json["name"] {
        case .string(let text): name = text
        case nil, .null: name = ""
        default: throw ABIParseError(.invalidJSONABI, "\(path): `name` is not a string")
        }
        let indexed = try flag(json["indexed"], field: "\(path).indexed")
        if indexed && !allowIndexed {
            throw ABIParseError(.invalidJSONABI, "\(path): `indexed` inside `components`")
        }
        do throws(ABIParseError) {
            guard typeText.hasPrefix("tuple") else {
                return ABIParameter(name: name, type: try ABIType(parsing: typeText), indexed: indexed)
            }
            guard let componentsJSON = json["components"] else {
                throw ABIParseError(.invalidJSONABI, "a `tuple` type needs `components`")
            }
            let components = try parameters(componentsJSON, field: "\(path).components", allowIndexed: false)
            var parser = ABISignatureParser(typeText.dropFirst(5))
            let type = try parser.parseWholeArraySuffixes(on: .tuple(components.map(\.type)))
            return ABIParameter(name: name, type: type, indexed: indexed, components: components)
        } catch {
            throw ABIParseError(error.code, "\(path) (`\(typeText)`): \(error.reason)")
        }
    }

    private static func flag(_ json: JSONValue?, field: String) throws(ABIParseError) -> Bool {
        switch json {
        case nil, .null: false
        case .bool(let value): value
        default: throw ABIParseError(.invalidJSONABI, "`\(field)` is not a boolean")
        }
    }
}
