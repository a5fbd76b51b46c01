/// Input refused because of one field: the CLI prints it as `--flag: message` (exit 2), the API as a problem
/// details document whose `field` is `field`.
public struct FieldError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The field's name in the API's JSON (`url`, `chain_id`, `topics`…); the CLI maps it to its flag.
    public let field: String
    /// What is wrong, without the field's name.
    public let message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
