import Pipeline

/// What processing one stream entry produced: the jobs to push (possibly none), or the reason it is dead.
enum EntryOutcome: Sendable {
    case jobs([DeliveryJob])
    /// The entry could not be read; it goes to the dead-entry stream with its original fields.
    case dead(reason: String, fields: [(String, String)])
}
