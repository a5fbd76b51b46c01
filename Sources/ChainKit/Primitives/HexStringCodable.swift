/// Fixed-size byte strings that travel in JSON as their `0x` hex text (addresses, hashes): one Codable
/// implementation for all of them.
public protocol HexStringCodable: Codable, CustomStringConvertible {
    init(hex: some StringProtocol) throws(HexError)
}

extension HexStringCodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(hex: container.decode(String.self))
        } catch let error as HexError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
