/// A Solidity ABI type: the elementary types, arrays and tuples, nested to any depth.
///
/// `description` is the canonical form used in signatures (`uint256`, `(uint256,string)[]`); `init(canonical:)`
/// parses it back. Fixed-point types and `function` are not supported: Solidity cannot emit the former and no
/// event ABI in use carries the latter.
public indirect enum ABIType: Hashable, Sendable, CustomStringConvertible {
    /// `uint<M>`, M in 8...256 and a multiple of 8.
    case uint(Int)
    /// `int<M>`, M in 8...256 and a multiple of 8 (two's complement).
    case int(Int)
    /// `address`: 20 bytes, encoded like `uint160`.
    case address
    /// `bool`: encoded like `uint8` restricted to 0 and 1.
    case bool
    /// `bytes<M>`, M in 1...32, left-aligned in its word.
    case fixedBytes(Int)
    /// `bytes`: a dynamic byte string.
    case bytes
    /// `string`: a dynamic UTF-8 string.
    case string
    /// `T[]`: a dynamic array.
    case array(ABIType)
    /// `T[k]`: a fixed-length array.
    case fixedArray(ABIType, Int)
    /// `(T1,…,Tn)`: a tuple (a Solidity struct).
    case tuple([ABIType])

    /// `uint256`, the type Solidity's `uint` stands for.
    public static let uint256 = ABIType.uint(256)
    /// `int256`, the type Solidity's `int` stands for.
    public static let int256 = ABIType.int(256)
    /// `bytes32`.
    public static let bytes32 = ABIType.fixedBytes(32)

    /// The canonical form used in signatures, e.g. `(uint256,address)[2]`.
    public var description: String {
        switch self {
        case .uint(let bits): "uint\(bits)"
        case .int(let bits): "int\(bits)"
        case .address: "address"
        case .bool: "bool"
        case .fixedBytes(let size): "bytes\(size)"
        case .bytes: "bytes"
        case .string: "string"
        case .array(let element): "\(element)[]"
        case .fixedArray(let element, let count): "\(element)[\(count)]"
        case .tuple(let members): "(" + members.map(\.description).joined(separator: ",") + ")"
        }
    }

    /// Whether the encoding's length depends on the value (the ABI's "dynamic" types are placed in the tail).
    public var isDynamic: Bool {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: false
        case .bytes, .string, .array: true
        case .fixedArray(let element, _): element.isDynamic
        case .tuple(let members): members.contains { $0.isDynamic }
        }
    }

    /// Whether a value of this type fits in one word and is stored directly in a topic when indexed.
    ///
    /// Every other type (bytes, string, arrays — even static ones — and tuples) is stored as the Keccak-256 of
    /// its in-place encoding when indexed (Solidity ABI specification, "Encoding of Indexed Event Parameters").
    public var isValueType: Bool {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes: true
        case .bytes, .string, .array, .fixedArray, .tuple: false
        }
    }

    /// Bytes this type takes in the head of an enclosing tuple: its whole encoding if static, else one offset word.
    ///
    /// Saturates at `Int.max` for absurd fixed-array sizes, so a size check against real data simply fails.
    var headSize: Int {
        isDynamic ? 32 : staticSize
    }

    /// Size of the encoding of a static type (meaningless for dynamic types, which the callers never ask).
    private var staticSize: Int {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes, .bytes, .string, .array: 32
        case .fixedArray(let element, let count): Self.saturatingProduct(element.headSize, count)
        case .tuple(let members): Self.headSize(of: members)
        }
    }

    /// Bytes the heads of a sequence of types take: where the tail of their tuple encoding starts.
    static func headSize(of types: some Sequence<ABIType>) -> Int {
        var total = 0
        for type in types {
            let (sum, overflow) = total.addingReportingOverflow(type.headSize)
            if overflow { return Int.max }
            total = sum
        }
        return total
    }

    static func saturatingProduct(_ lhs: Int, _ rhs: Int) -> Int {
        let (product, overflow) = lhs.multipliedReportingOverflow(by: rhs)
        return overflow || product < 0 ? Int.max : product
    }

    /// Nesting depth: 0 for elementary types, one more per array dimension or tuple level.
    var depth: Int {
        switch self {
        case .uint, .int, .address, .bool, .fixedBytes, .bytes, .string: 0
        case .array(let element), .fixedArray(let element, _): element.depth + 1
        case .tuple(let members): (members.map(\.depth).max() ?? 0) + 1
        }
    }

    /// The first problem that makes this type unusable, or nil: bad widths, empty tuples, zero-length arrays,
    /// excessive nesting.
    ///
    /// Empty tuples and `T[0]` are refused although the ABI grammar allows them: Solidity cannot declare either,
    /// and a zero-sized element would let a tiny payload claim a huge array without any bytes backing it.
    var validationFailure: String? {
        if depth > Self.maximumDepth { return "nesting deeper than \(Self.maximumDepth) levels" }
        return shapeFailure
    }

    private var shapeFailure: String? {
        switch self {
        case .uint(let bits), .int(let bits):
            (8...256).contains(bits) && bits % 8 == 0 ? nil : "\(self): width must be a multiple of 8 in 8...256"
        case .fixedBytes(let size):
            (1...32).contains(size) ? nil : "\(self): size must be in 1...32"
        case .address, .bool, .bytes, .string:
            nil
        case .array(let element):
            element.shapeFailure
        case .fixedArray(let element, let count):
            count > 0 ? element.shapeFailure : "\(self): a fixed-length array needs at least one element"
        case .tuple(let members):
            members.isEmpty ? "(): a tuple needs at least one member" : members.lazy.compactMap(\.shapeFailure).first
        }
    }

    /// Deepest nesting of arrays and tuples accepted: far beyond any real contract, low enough for recursion.
    static let maximumDepth = 32
}
