/// The thing an operation names does not exist (API: 404; CLI: exit 2 naming it).
public struct NotFoundError: Error, CustomStringConvertible, Sendable, Equatable {
    /// `endpoint`, `dead letter`, `api key`.
    public let kind: String
    /// The id (or name) as given.
    public let id: String

    public init(_ kind: String, _ id: String) {
        self.kind = kind
        self.id = id
    }

    public var description: String { "no \(kind) \(id)" }
}
