/// Durations as users write them in flags and variables: `500ms`, `5s`, `5m`, `2h` (and `0` for none).
enum DurationText {
    static func parse(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        if text == "0" { return .zero }
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value >= 0, value.isFinite else { return nil }
            return .milliseconds(Int64((value * unit.seconds * 1_000).rounded()))
        }
        return nil
    }
}
