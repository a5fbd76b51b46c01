import Foundation

/// Consumer names in the Processors' group: unique per process, readable in `XINFO CONSUMERS` (host, pid).
public enum ConsumerName {
    /// `host-pid-random`; the random part keeps two processors apart even when pids repeat across containers.
    public static func unique() -> String {
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(random)"
    }
}
