import Foundation

/// A value behind a pthread mutex (NSLock), shared by the wrappers for state touched from several threads.
///
/// Used instead of `Synchronization.Mutex` because that one locks with raw futex calls on Linux, which
/// ThreadSanitizer cannot see: it reported every access under it as a race, burying real ones.
public final class Guarded<Value: ~Copyable>: @unchecked Sendable {
    // `@unchecked`: `value` is only touched inside `withLock`.
    private let lock = NSLock()
    private var value: Value

    public init(_ value: consuming Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value.
    public func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure)
        -> Result
    {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
