import CoreMetrics
import Hiredis
public import Logging
public import Pipeline

/// Samples the pipeline's depths into gauges with one pipelined Redis round trip every `interval`, instead of
/// counting per event. `process` samples the stream's, `deliver` the queue's, so `evmhook run` asks once each.
public struct DepthSampler: Sendable {
    public enum Depth: Sendable, CaseIterable {
        /// `XLEN` of the stream → `evmhook_stream_length`.
        case streamLength
        /// `XPENDING` of the processors' group → `evmhook_stream_pending_entries`.
        case streamPending
        /// `LLEN` of the job queue → `evmhook_queue_depth`.
        case queueDepth
        /// `ZCARD` of the retry set → `evmhook_retry_set_depth`.
        case retrySetDepth
    }

    /// The depths the stream's consumers (`process`) watch.
    public static let stream: [Depth] = [.streamLength, .streamPending]
    /// The depths Delivery (`deliver`) watches.
    public static let queue: [Depth] = [.queueDepth, .retrySetDepth]

    let keys: RedisKeys
    let depths: [Depth]
    let interval: Duration

    public init(keys: RedisKeys, depths: [Depth], interval: Duration = .seconds(5)) {
        self.keys = keys
        self.depths = depths
        self.interval = interval
    }

    /// Samples until cancelled, over its own connection (outages are logged once and waited out).
    public func run(redisURL: String, logger: Logger) async {
        let gauges = depths.map { Gauge(label: $0.metricName) }
        var connection: RedisConnection?
        var failing = false
        while !Task.isCancelled {
            do {
                if connection == nil {
                    var configuration = RedisConnection.Configuration()
                    configuration.clientName = "evmhook-depth-sampler"
                    connection = try await RedisConnection.connect(
                        to: redisURL, configuration: configuration, logger: logger)
                }
                let replies = try await connection!.pipeline(depths.map(command))
                for (gauge, reply) in zip(gauges, replies) {
                    // XPENDING's summary starts with the count; a missing stream or group reads as zero.
                    let value = reply.int ?? reply.array?.first?.int ?? 0
                    gauge.record(value)
                }
                failing = false
            } catch {
                if !failing { logger.warning("cannot sample queue depths", metadata: ["error": "\(error)"]) }
                failing = true
            }
            do { try await Task.sleep(for: interval) } catch { break }
        }
        await connection?.close()
    }

    private func command(_ depth: Depth) -> [String] {
        switch depth {
        case .streamLength: ["XLEN", keys.stream]
        case .streamPending: ["XPENDING", keys.stream, keys.processorGroup]
        case .queueDepth: ["LLEN", keys.jobs]
        case .retrySetDepth: ["ZCARD", keys.retries]
        }
    }
}

extension DepthSampler.Depth {
    var metricName: String {
        switch self {
        case .streamLength: MetricNames.streamLength
        case .streamPending: MetricNames.streamPending
        case .queueDepth: MetricNames.queueDepth
        case .retrySetDepth: MetricNames.retrySetDepth
        }
    }
}
