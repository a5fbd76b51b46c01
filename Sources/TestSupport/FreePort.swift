import LocalServers

/// Free loopback ports for the servers a test starts itself, found the way `evmhook dev` finds them.
public enum FreePort {
    public static func next() throws -> Int { try LocalServers.FreePort.next() }
}
