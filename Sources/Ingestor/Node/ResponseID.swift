/// Finds the numeric `"id"` member of a JSON-RPC response without parsing it, to route the body to its caller.
///
/// Every node writes `jsonrpc`, `id` and then `result`/`error` (some `id` last, after the result): the scan takes
/// the first `"id":` at nesting depth 1, skipping strings, so an `"id"` inside a result never matches. Broken JSON
/// still yields its id when the id comes before the break, which lets a malformed answer fail its call at once.
enum ResponseID {
    static func scan(_ bytes: [UInt8]) -> Int64? {
        var depth = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: "\""):
                let start = index + 1
                index = start
                while index < count && bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                if depth == 1 && index - start == 2 && bytes[start] == UInt8(ascii: "i")
                    && bytes[start + 1] == UInt8(ascii: "d")
                {
                    return number(in: bytes, after: index + 1)
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The integer after `:` (spaces allowed), if the value is one.
    private static func number(in bytes: [UInt8], after start: Int) -> Int64? {
        var index = start
        while index < bytes.count && (bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: ":")) {
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9"), digits < 18 {
            value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
            digits += 1
            index += 1
        }
        return digits > 0 ? value : nil
    }
}
