import Foundation

extension UUID {
    /// Appends `uuidString.lowercased()` as UTF-8, without Foundation's formatting and case mapping: the Processor
    /// writes two per job (its `webhook-id`'s identity and its header).
    func appendLowercase(to output: inout [UInt8]) {
        withUnsafeBytes(of: uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
                output.append(Self.digit(byte >> 4))
                output.append(Self.digit(byte & 0x0F))
            }
        }
    }

    private static func digit(_ value: UInt8) -> UInt8 { value < 10 ? value &+ 0x30 : value &+ 0x57 }
}
