/// Durations as users write them in flags and variables: `500ms`, `5s`, `5m`, `2h`, and `0`.
///
/// Here because the retry schedule (`EVMHOOK_RETRY_SCHEDULE`) defines the syntax; every other duration setting
/// of the CLI uses the same one.
public enum DurationText {
    public static func parse(_ text: some StringProtocol) -> Duration? {
        if text == "0" { return .zero }
        let units: [(suffix: String, milliseconds: Double)] = [
            ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            guard let value = Double(text.dropLast(unit.suffix.count)), value >= 0, value.isFinite else { return nil }
            return .milliseconds(Int64((value * unit.milliseconds).rounded()))
        }
        return nil
    }
}
