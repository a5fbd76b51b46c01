import ChainKit
import Foundation
import Store

/// How endpoint subcommands print: JSON with `--json`, else short lines for people.
enum EndpointOutput {
    static func print(_ json: JSONValue) {
        Swift.print(json.serialized())
    }

    /// `key: value` lines of the endpoint's JSON form (nested values as JSON).
    static func details(_ endpoint: Endpoint, includingSecret: Bool = false) {
        for member in endpoint.json(includingSecret: includingSecret).objectValue ?? [] {
            let value = member.value.stringValue ?? member.value.serialized()
            Swift.print("\(member.key): \(value)")
        }
    }

    /// One line per endpoint: id, state, chain, url, description.
    static func table(_ endpoints: [Endpoint]) {
        for endpoint in endpoints {
            let state = endpoint.enabled ? "enabled " : "disabled"
            Swift.print(
                "\(endpoint.id.uuidString.lowercased())  \(state)  chain \(endpoint.chainID)  \(endpoint.url)"
                    + (endpoint.description.isEmpty ? "" : "  \(endpoint.description)"))
        }
    }
}
