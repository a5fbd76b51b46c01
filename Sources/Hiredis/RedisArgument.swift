/// One argument of a Redis command: bytes, built from a string, an integer or raw bytes.
///
/// Arguments travel through hiredis's argv API with explicit lengths, so bytes such as `\0` and `\r\n` are safe.
public struct RedisArgument: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// The bytes sent to the server.
    public let bytes: [UInt8]

    /// The UTF-8 bytes of `string`.
    public init(_ string: String) { bytes = Array(string.utf8) }

    /// Raw bytes, sent as they are.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// The decimal text of `value`.
    public init(_ value: some BinaryInteger) { bytes = Array(String(value).utf8) }

    public init(stringLiteral value: String) { self.init(value) }

    public init(integerLiteral value: Int) { self.init(value) }
}

extension RedisArgument {
    /// The argument as text when it is UTF-8 (for inspecting a command's name and options).
    var text: String? { String(validating: bytes, as: UTF8.self) }
}
