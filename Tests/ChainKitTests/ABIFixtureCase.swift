import ChainKit
import Testing

/// One named case of a fixture file, as a test argument.
struct ABIFixtureCase: Sendable, CustomTestStringConvertible {
    let name: String
    let json: JSONValue
    var testDescription: String { name }

    /// The cases under `key` of a fixture file, each named by its `name` (or `signature` + `note`).
    static func load(_ file: String, _ key: String) throws -> [ABIFixtureCase] {
        try ABIFixtures.array(ABIFixtures.json(file)[key]).map { item in
            let name = item["name"].flatMap { try? ABIFixtures.string($0) }
            let note = item["note"].flatMap { try? ABIFixtures.string($0) } ?? ""
            return ABIFixtureCase(name: name ?? note, json: item)
        }
    }

    var types: [ABIType] {
        get throws { try ABIFixtures.array(json["types"]).map { try ABIType(parsing: ABIFixtures.string($0)) } }
    }
}
