public import Pipeline

extension Processor {
    /// How a Processor reads the stream; the defaults suit production.
    public struct Configuration: Sendable {
        /// The Redis keys (their prefix).
        public var keys: RedisKeys
        /// This processor's name in the consumer group; unique per process.
        public var consumer: String
        /// Entries read (and acknowledged together) at most per round.
        public var batchSize = 500
        /// How long a read waits for new entries; also how long a stop request may wait.
        public var blockTime: Duration = .milliseconds(500)
        /// How long an entry stays pending with another consumer before this one reclaims it (that consumer is
        /// presumed dead). Longer than any batch takes, or a live processor's entries get redone for nothing.
        public var claimIdle: Duration = .seconds(30)
        /// How often the stream is trimmed behind the oldest unacknowledged entry.
        public var trimInterval: Duration = .seconds(1)
        /// How long a consumer of the group with no pending entry stays idle before it is forgotten (with each
        /// reclaim round): processors that stopped long ago.
        public var consumerExpiry: Duration = .seconds(3_600)

        public init(keys: RedisKeys = RedisKeys(), consumer: String = ConsumerName.unique()) {
            self.keys = keys
            self.consumer = consumer
        }
    }

    /// What a Processor has done since it started.
    public struct Statistics: Sendable, Hashable {
        /// Entries acknowledged (with their jobs, or dead-lettered).
        public var entries = 0
        /// Jobs pushed.
        public var jobs = 0
        /// Entries that could not be parsed, moved to the dead-entry stream.
        public var deadEntries = 0
        /// Entries reclaimed from consumers presumed dead.
        public var reclaimed = 0
    }
}
