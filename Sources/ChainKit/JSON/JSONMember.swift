/// One `"key": value` pair of a JSON object; objects keep their members in document order.
public struct JSONMember: Sendable, Hashable {
    /// The member's name.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// A member named `key`.
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
