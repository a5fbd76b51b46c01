import Logging

/// Chooses the log format once per process, before any logger exists (CONTRACT.md: `EVMHOOK_LOG_FORMAT`).
enum LogSetup {
    /// Bootstraps swift-log with `format` (`text` or `json`); throws `InputError` naming the variable otherwise.
    static func bootstrap(format: String) throws {
        switch format {
        case "text": LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        case "json": LoggingSystem.bootstrap { label in JSONLogHandler(label: label) }
        default: throw InputError(description: "EVMHOOK_LOG_FORMAT must be text or json, got '\(format.prefix(20))'")
        }
    }
}
