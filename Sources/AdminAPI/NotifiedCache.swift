import Threading

/// Rows read from PostgreSQL, kept in memory until a NOTIFY (or this process's own write) says they changed, so a
/// request that finds its row here costs no round trip.
///
/// A read that started before an eviction must not store what it read: it may predate the change the eviction
/// announced. Every eviction advances `generation`, and a read stores its row only when the generation it started in
/// is still current (an unrelated eviction meanwhile costs one more read later, never a stale row).
///
/// Only rows that were found are kept, up to `capacity`: a lookup of something that does not exist (an unknown API
/// key, a deleted endpoint) reads PostgreSQL every time, so outside input cannot grow the cache.
final class NotifiedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var values: [Key: Value] = [:]
    }

    private enum Lookup {
        case hit(Value)
        case miss(generation: UInt64)
    }

    let capacity: Int
    private let state = Guarded(State())

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key`, else what `load` reads (kept when found and nothing was evicted meanwhile).
    func value(for key: Key, load: () async throws -> Value?) async throws -> Value? {
        let lookup = state.withLock { state in
            state.values[key].map(Lookup.hit) ?? .miss(generation: state.generation)
        }
        let started: UInt64
        switch lookup {
        case .hit(let value): return value
        case .miss(let generation): started = generation
        }
        guard let value = try await load() else { return nil }
        state.withLock { state in
            if state.generation == started && state.values.count < capacity { state.values[key] = value }
        }
        return value
    }

    /// The value kept for `key`, without reading anything when there is none.
    func cachedValue(for key: Key) -> Value? {
        state.withLock { $0.values[key] }
    }

    /// Forgets `key`'s value: it changed, or may have.
    func evict(_ key: Key) {
        state.withLock { state in
            state.generation &+= 1
            state.values[key] = nil
        }
    }

    /// Forgets everything (a change that cannot be pinned to a key, or notifications that may have been missed).
    func clear() {
        state.withLock { state in
            state.generation &+= 1
            state.values.removeAll()
        }
    }

    /// How many values are kept.
    var count: Int { state.withLock { $0.values.count } }
}
