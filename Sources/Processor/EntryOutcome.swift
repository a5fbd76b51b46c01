/// What processing one stream entry produced: the jobs to push (possibly none), or the reason it is dead.
enum EntryOutcome: Sendable {
    /// The jobs in their queue encoding (`DeliveryJob.encoded`'s bytes).
    case jobs([[UInt8]])
    /// The entry could not be read; it goes to the dead-entry stream with its original fields.
    case dead(reason: String, fields: [(String, String)])
}
