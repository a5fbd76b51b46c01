public import Foundation

/// A UUID's text form (8-4-4-4-12 hex digits) written and read as bytes, without Foundation's `snprintf` and
/// `sscanf`: jobs carry their endpoint's id as text, and each delivery reads one and records one.
extension UUID {
    /// Appends `uuidString.lowercased()` as UTF-8.
    public func appendLowercase(to output: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
                output.append(Self.digit(byte >> 4))
                output.append(Self.digit(byte & 0x0F))
            }
        }
    }

    /// The form every output of evmhook uses: `uuidString.lowercased()`.
    public var lowercased: String {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        appendLowercase(to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Reads the 36-character form in either case, as `UUID(uuidString:)` does; nil for anything else.
    public init?(text: ArraySlice<UInt8>) {
        // Concrete and over a buffer: a generic version, unspecialised across modules, cost more than the rest of
        // parsing a job.
        guard text.count == 36 else { return nil }
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = text.withUnsafeBufferPointer { characters in
            withUnsafeMutableBytes(of: &value) { bytes in
                var position = 0
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        guard characters[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = Self.nibble(characters[position]), let low = Self.nibble(characters[position + 1])
                    else { return false }
                    bytes[index] = high << 4 | low
                    position += 2
                }
                return true
            }
        }
        guard parsed else { return nil }
        self.init(uuid: value)
    }

    private static func digit(_ value: UInt8) -> UInt8 { value < 10 ? value &+ 0x30 : value &+ 0x57 }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character &- 0x30
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character &- 0x57
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character &- 0x37
        default: nil
        }
    }
}
