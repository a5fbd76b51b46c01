import CLibWebSockets
public import Logging
import Threading

/// Where libwebsockets' own log lines go. libwebsockets 4.1 logs process-wide (no per-context logger), so this is
/// one global switch: by default its lines are discarded (it would write to stderr); `route(to:)` sends errors
/// and warnings to a `Logger`.
public enum LibWebSocketsLog {
    /// Sends libwebsockets' errors and warnings to `logger` from now on, for every client in the process.
    public static func route(to logger: Logger) {
        routing.withLock { current in
            current = .routed(logger)
            lws_set_log_level(Int32(LLL_ERR | LLL_WARN), emitLibWebSocketsLine)
        }
    }

    /// Discards libwebsockets' lines unless they are already routed; every client calls it before its context.
    static func silenceUnlessRouted() {
        routing.withLock { current in
            guard case .unset = current else { return }
            current = .silenced
            lws_set_log_level(0, nil)
        }
    }

    fileprivate enum Routing {
        case unset
        case silenced
        case routed(Logger)
    }

    fileprivate static let routing = Guarded<Routing>(.unset)
}

/// The emit function libwebsockets calls with each line: a free function, as C function pointers need.
private func emitLibWebSocketsLine(level: Int32, line: UnsafePointer<CChar>?) {
    guard let line else { return }
    let logger: Logger? = LibWebSocketsLog.routing.withLock { current in
        if case .routed(let logger) = current { return logger }
        return nil
    }
    guard let logger else { return }
    var text = String(cString: line)
    while text.last?.isNewline == true { text.removeLast() }
    let severity: Logger.Level = level & Int32(LLL_ERR) != 0 ? .error : .warning
    logger.log(level: severity, "\(text)", metadata: ["component": "libwebsockets"])
}
