public import Foundation

/// A key was revoked (committed), but some running admin API processes did not confirm in time that they forgot it:
/// they may accept it until their PostgreSQL notifications resume (a process drops every cached key then).
public struct RevocationUnconfirmedError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The key's name.
    public let key: String
    /// The admin API processes (their `api_key_caches` ids) that did not confirm.
    public let processes: [UUID]

    public init(key: String, processes: [UUID]) {
        self.key = key
        self.processes = processes
    }

    public var description: String {
        "the key '\(key)' is revoked, but \(processes.count) admin API process(es) did not confirm they stopped "
            + "accepting it; they do once their PostgreSQL notifications resume"
    }
}
