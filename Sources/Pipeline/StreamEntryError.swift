/// Why a stream entry could not be read: the field and what is wrong with it. Safe to log and to store.
public struct StreamEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "stream entry field \(field): \(problem)" }
}
