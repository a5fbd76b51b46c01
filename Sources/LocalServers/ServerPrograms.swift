public import Foundation

/// Where the Debian packages put the servers evmhook can run locally.
public enum ServerPrograms {
    /// `redis-server` from PATH.
    public static func redisServer(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> String
    {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LocalServerError.missing("redis-server", package: "redis-server")
    }

    /// The newest `/usr/lib/postgresql/N/bin` holding `initdb` and `pg_ctl` (Debian keeps them off PATH).
    public static func postgresBinDirectory(root: String = "/usr/lib/postgresql") throws -> String {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let usable = versions.compactMap(Int.init).sorted().reversed().map { "\(root)/\($0)/bin" }.first { bin in
            ["initdb", "pg_ctl", "postgres"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(bin)/\($0)") }
        }
        guard let usable else { throw LocalServerError.missing("PostgreSQL (initdb, pg_ctl)", package: "postgresql") }
        if getuid() == 0, getpwnam("postgres") == nil {
            throw LocalServerError(
                "running as root needs the postgres user (it comes with: apt-get install postgresql)")
        }
        return usable
    }
}
