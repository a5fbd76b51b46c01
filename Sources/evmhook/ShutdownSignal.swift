import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, the two signals that ask evmhook to shut down gracefully.
enum ShutdownSignal {
    /// Catches SIGINT and SIGTERM from now on; the stream yields each that arrives. Call it before starting work
    /// that a signal must stop, so none can arrive unhandled (or be ignored) in between.
    static func install() -> AsyncStream<Int32> {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        let sources = SignalSources(
            [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            })
        continuation.onTermination = { _ in sources.cancel() }
        return signals
    }

    /// Returns the signal that arrived.
    static func wait() async -> Int32 {
        var iterator = install().makeAsyncIterator()
        return await iterator.next() ?? SIGTERM
    }
}

/// Keeps the signal sources alive as long as their stream, and cancels them with it. `@unchecked`: dispatch sources
/// are thread-safe, Dispatch just does not mark them `Sendable`.
private final class SignalSources: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(_ sources: [any DispatchSourceSignal]) {
        self.sources = sources
    }

    func cancel() {
        sources.forEach { $0.cancel() }
    }
}
