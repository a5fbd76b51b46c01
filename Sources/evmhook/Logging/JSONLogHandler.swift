import ChainKit
import Foundation
import Logging

/// One JSON object per line on stderr (`EVMHOOK_LOG_FORMAT=json`), for log shippers:
/// `{"time":…,"level":…,"label":…,"message":…,"source":…, …metadata}`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        var line = "{\"time\":\(Self.quoted(Date().formatted(.iso8601)))"
        line += ",\"level\":\(Self.quoted(event.level.rawValue)),\"label\":\(Self.quoted(label))"
        line += ",\"message\":\(Self.quoted("\(event.message)")),\"source\":\(Self.quoted(event.source))"
        for key in merged.keys.sorted() where !["time", "level", "label", "message", "source"].contains(key) {
            line += ",\(Self.quoted(key)):\(Self.quoted("\(merged[key]!)"))"
        }
        line += "}\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// A JSON string literal (RFC 8259 escaping).
    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }
}
