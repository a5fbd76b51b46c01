import Foundation
import Logging

/// Keeps every log record, for asserting what reached the logger (and what never did).
struct CapturingLogHandler: LogHandler {
    /// The records, shared by every copy of the handler.
    final class Records: @unchecked Sendable {
        // `@unchecked`: `entries` is only touched with `lock` held.
        private let lock = NSLock()
        private var entries: [LogEvent] = []

        func append(_ event: LogEvent) { lock.withLock { entries.append(event) } }
        var all: [LogEvent] { lock.withLock { entries } }
        /// Each record's message and metadata on one line, for "never contains" checks.
        var text: String {
            all.map { "\($0.level) \($0.message) \($0.metadata ?? [:])" }.joined(separator: "\n")
        }
    }

    let records = Records()
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    var metadataProvider: Logger.MetadataProvider?

    func log(event: LogEvent) {
        var event = event
        event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }
        records.append(event)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A logger writing into a new handler, and the handler's records.
    static func logger() -> (Logger, Records) {
        let handler = CapturingLogHandler()
        return (Logger(label: "test.capture") { _ in handler }, handler.records)
    }
}
