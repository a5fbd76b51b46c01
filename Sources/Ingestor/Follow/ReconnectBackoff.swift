/// Pauses between reconnect attempts: doubling from `initial`, capped at `maximum`, each with "full jitter"
/// (a uniform draw below the current ceiling, at least a tenth of it) so a fleet does not reconnect in step.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private var ceiling: Duration

    init(initial: Duration, maximum: Duration) {
        self.initial = initial
        self.maximum = maximum
        ceiling = initial
    }

    /// The next pause; the ceiling doubles for the one after.
    mutating func next() -> Duration {
        let current = ceiling
        ceiling = min(ceiling * 2, maximum)
        return current * Double.random(in: 0.1...1.0)
    }

    mutating func reset() { ceiling = initial }
}
