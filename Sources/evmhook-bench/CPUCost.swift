import Foundation
import Hiredis

/// CPU time spent by this process and by the Redis server over a measurement: per item, it is what a shared
/// machine distorts least (wall-clock rates fall with every other builder's load, CPU per item much less).
struct CPUCost {
    /// User + system seconds of this process (every thread).
    let process: Double
    /// `used_cpu_user` + `used_cpu_sys` of the Redis server (`INFO cpu`).
    let redis: Double

    static func sample(_ redis: RedisConnection) async throws -> CPUCost {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let own =
            Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
        let info = try await redis.send(["INFO", "cpu"]).string ?? ""
        var server = 0.0
        for line in info.split(whereSeparator: \.isNewline) {
            let parts = line.split(separator: ":")
            if parts.count == 2, parts[0] == "used_cpu_user" || parts[0] == "used_cpu_sys" {
                server += Double(parts[1]) ?? 0
            }
        }
        return CPUCost(process: own, redis: server)
    }

    /// Microseconds per item of each side between `start` and `self`.
    func microseconds(since start: CPUCost, items: Int) -> (process: Double, redis: Double) {
        ((process - start.process) * 1e6 / Double(items), (redis - start.redis) * 1e6 / Double(items))
    }
}
