extension Array where Element == UInt8 {
    /// Appends `YYYY-MM-DD`, `separator` and `HH:MM:SS` (the second `secondOfDay` of `date`): the part ISO 8601 and
    /// PostgreSQL's text form share, with or without fraction and zone after it.
    public mutating func appendDateTime(_ date: CivilDate, secondOfDay: Int64, separator: UInt8) {
        appendDigits(date.year, width: 4)
        append(UInt8(ascii: "-"))
        appendDigits(date.month, width: 2)
        append(UInt8(ascii: "-"))
        appendDigits(date.day, width: 2)
        append(separator)
        appendDigits(secondOfDay / 3_600, width: 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay / 60 % 60, width: 2)
        append(UInt8(ascii: ":"))
        appendDigits(secondOfDay % 60, width: 2)
    }
}
