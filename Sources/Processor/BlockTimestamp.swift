import CivilTime

/// The webhook's top-level `timestamp`: the block's time in ISO 8601 UTC (`2026-11-22T10:00:00Z`).
///
/// Computed from the block, not the clock, so reprocessing an entry renders identical bytes. Written straight into
/// the body's bytes: a Foundation formatter costs more than the rest of the body, and padded `String`s were a tenth
/// of it.
enum BlockTimestamp {
    static func appendISO8601(_ seconds: UInt64, to out: inout [UInt8]) {
        let date = CivilDate(daysSince1970: Int64(seconds / 86_400))
        let secondOfDay = Int64(seconds % 86_400)
        // Years past 9999 (a block timestamp is outside data) keep all their digits.
        out.appendDateTime(date, secondOfDay: secondOfDay, separator: UInt8(ascii: "T"))
        out.append(UInt8(ascii: "Z"))
    }
}
