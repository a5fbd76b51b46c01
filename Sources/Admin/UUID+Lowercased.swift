public import Foundation

extension UUID {
    /// The form every output and audit entry uses.
    var lowercased: String { uuidString.lowercased() }
}
