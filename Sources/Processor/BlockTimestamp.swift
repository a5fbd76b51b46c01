/// The webhook's top-level `timestamp`: the block's time in ISO 8601 UTC (`2026-11-22T10:00:00Z`).
///
/// Computed from the block, not the clock, so reprocessing an entry renders identical bytes. Written by hand
/// (Howard Hinnant's `civil_from_days`) straight into the body's bytes: a Foundation formatter costs more than the
/// rest of the body, and padded `String`s were a tenth of it.
enum BlockTimestamp {
    static func appendISO8601(_ seconds: UInt64, to out: inout [UInt8]) {
        let days = Int64(seconds / 86_400)
        let secondOfDay = Int64(seconds % 86_400)
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        // Years past 9999 (a block timestamp is outside data) keep all their digits, as before.
        if year > 9_999 {
            out += String(year).utf8
        } else {
            digits(year, width: 4, to: &out)
        }
        out.append(UInt8(ascii: "-"))
        digits(month, width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        digits(day, width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, width: 2, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// The last `width` decimal digits of `value` (≥ 0), zero-padded.
    private static func digits(_ value: Int64, width: Int, to out: inout [UInt8]) {
        var divisor: Int64 = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }
}
