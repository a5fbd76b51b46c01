/// Why a hex string was refused, and where: positions are character offsets into the text given.
public enum HexError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not start with `0x`.
    case missingPrefix
    /// The number of hex digits after `0x` is odd, so they do not make whole bytes.
    case oddLength(digits: Int)
    /// A character that is not a hex digit, at this character offset (the prefix counts).
    case invalidCharacter(Character, index: Int)
    /// Well-formed hex of the wrong size for a fixed-size value.
    case wrongLength(expectedBytes: Int, actualBytes: Int)
    /// A QUANTITY with no digits at all (`0x`).
    case emptyQuantity
    /// A QUANTITY whose value does not fit in the target type.
    case quantityTooLarge(maximumBits: Int)

    public var description: String {
        switch self {
        case .missingPrefix:
            "hex must start with 0x"
        case .oddLength(let digits):
            "hex has an odd number of digits (\(digits)) after 0x"
        case .invalidCharacter(let character, let index):
            "invalid hex character \(character.debugDescription) at index \(index)"
        case .wrongLength(let expected, let actual):
            "expected \(expected) bytes of hex, found \(actual)"
        case .emptyQuantity:
            "hex quantity has no digits after 0x"
        case .quantityTooLarge(let bits):
            "hex quantity does not fit in \(bits) bits"
        }
    }
}
