import Foundation

/// A value behind a pthread mutex (NSLock).
///
/// Used instead of `Synchronization.Mutex` because that one locks with raw futex calls on Linux, which
/// ThreadSanitizer cannot see: it reported every access under it as a race, burying real ones.
final class Guarded<Value>: @unchecked Sendable {
    // `@unchecked`: `value` is only touched inside `withLock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
