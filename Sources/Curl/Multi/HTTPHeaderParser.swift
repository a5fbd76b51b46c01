/// Splits raw response header bytes (`HTTP/1.1 200 OK\r\nName: value\r\n…\r\n\r\n`) into fields.
enum HTTPHeaderParser {
    /// The fields after the status line, in order; obsolete folded lines are joined to the field before them.
    static func fields(in raw: [UInt8]) -> [HTTPHeader] {
        var fields: [HTTPHeader] = []
        fields.reserveCapacity(8)
        var lineStart = raw.firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? raw.endIndex  // skip the status
        while lineStart < raw.endIndex {
            let lineEnd = raw[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? raw.endIndex
            var line = raw[lineStart..<lineEnd]
            lineStart = lineEnd + 1
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            guard let first = line.first else { continue }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if !fields.isEmpty { fields[fields.count - 1].value += " " + text(line) }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            fields.append(HTTPHeader(text(line[..<colon]), text(line[(colon + 1)...])))
        }
        return fields
    }

    /// The bytes as text without surrounding spaces and tabs.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = bytes.firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = bytes.lastIndex(where: { !isBlank($0) })!
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
