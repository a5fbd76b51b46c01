import Foundation
public import Logging

/// Keeps every record logged through its loggers (metadata merged into each), for asserting what reached the log
/// — and what never did: secrets.
public final class LogCapture: @unchecked Sendable {
    // `@unchecked`: `records` is only touched with `lock` held.
    private let lock = NSLock()
    private var records: [LogEvent] = []

    public init() {}

    /// A logger at `trace` level writing here.
    public func logger(label: String = "test.capture") -> Logger {
        var logger = Logger(label: label) { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every record, oldest first.
    public var events: [LogEvent] { lock.withLock { records } }

    /// Each record's level, message and metadata on one line, for "contains" and "never contains" checks.
    public var lines: [String] { events.map { "\($0.level) \($0.message) \($0.metadata ?? [:])" } }

    /// `lines`, joined.
    public var text: String { lines.joined(separator: "\n") }

    fileprivate func append(_ event: LogEvent) { lock.withLock { records.append(event) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var event = event
            event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(event)
        }
    }
}
