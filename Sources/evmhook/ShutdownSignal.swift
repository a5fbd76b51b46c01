import Dispatch
import Foundation

/// Waits for SIGINT or SIGTERM, the two signals that ask evmhook to shut down gracefully.
enum ShutdownSignal {
    /// Returns the signal that arrived.
    static func wait() async -> Int32 {
        let (signals, continuation) = AsyncStream<Int32>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        var iterator = signals.makeAsyncIterator()
        let received = await iterator.next() ?? SIGTERM
        sources.forEach { $0.cancel() }
        return received
    }
}
