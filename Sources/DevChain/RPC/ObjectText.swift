/// Writes one JSON object as text, fields in the order they are added (geth's order matters to byte-level
/// comparisons). Values are JSON text already; `quoted` makes a string value.
struct ObjectText {
    private var text = "{"

    mutating func raw(_ key: String, _ json: String) {
        if text.utf8.count > 1 { text += "," }
        text += "\"" + key + "\":" + json
    }

    /// A string value that needs no escaping (hex, ids): every caller passes ASCII without quotes or backslashes.
    mutating func quoted(_ key: String, _ value: String) { raw(key, "\"" + value + "\"") }

    consuming func finish() -> String { text + "}" }
}
