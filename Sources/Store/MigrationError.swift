/// Why migrations could not be loaded or applied.
public struct MigrationError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is; compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case unreadableDirectory, invalidName, failed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The migrations directory or one of its files cannot be read (bad input).
        public static let unreadableDirectory = Code(.unreadableDirectory)
        /// A file is not named `NNNN_description.sql` (bad input).
        public static let invalidName = Code(.invalidName)
        /// A migration's SQL failed; it was rolled back and the ones after it were not tried.
        public static let failed = Code(.failed)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What went wrong, on one line.
    public let message: String
    /// The migration concerned, if any.
    public let version: String?
    /// The database error behind a `.failed` migration.
    public let underlying: (any Error)?

    /// Builds an error.
    public init(_ code: Code, _ message: String, version: String? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.version = version
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}
