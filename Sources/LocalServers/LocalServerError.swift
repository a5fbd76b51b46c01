/// Why a local server could not be found or started; the description says what to do about it.
public struct LocalServerError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// A program is not installed: names it and the Debian package that provides it.
    static func missing(_ program: String, package: String) -> LocalServerError {
        LocalServerError("\(program) not found; install it with: sudo apt-get install -y \(package)")
    }
}
