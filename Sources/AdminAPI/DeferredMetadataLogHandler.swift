import Logging

/// The log handler of the API's requests. Hummingbird gives every request a logger with its own `hb.request.id`, and
/// the process's handler (`StreamLogHandler`) renders all its metadata into text each time a value is set: ~5 % of
/// the API's CPU under wrk, for lines that are almost never logged. This one keeps what is set and hands it to the
/// wrapped handler only with a message that is logged.
struct DeferredMetadataLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private var added: Logger.Metadata = [:]

    init(wrapping wrapped: any LogHandler) {
        self.wrapped = wrapped
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata.merging(added) { $1 } }
        set {
            added = newValue
            wrapped.metadata = [:]
        }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { added[key] ?? wrapped[metadataKey: key] }
        set {
            added[key] = newValue
            if newValue == nil && wrapped[metadataKey: key] != nil { wrapped[metadataKey: key] = nil }
        }
    }

    func log(event: LogEvent) {
        var event = event
        event.metadata = added.merging(event.metadata ?? [:]) { $1 }
        wrapped.log(event: event)
    }
}
