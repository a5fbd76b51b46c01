/// A value of an ABI type, as the encoder takes it and the decoder returns it.
///
/// The value alone does not say its exact type (`uint8` and `uint256` are both `.uint`; `T[]` and `T[k]` are
/// both `.array`): encoding and decoding always go with an `ABIType`.
public indirect enum ABIValue: Hashable, Sendable {
    /// Any `uint<M>`.
    case uint(UInt256)
    /// Any `int<M>`.
    case int(Int256)
    /// `address`.
    case address(Address)
    /// `bool`.
    case bool(Bool)
    /// `bytes<M>`: exactly M bytes.
    case fixedBytes([UInt8])
    /// `bytes`.
    case bytes([UInt8])
    /// `string`.
    case string(String)
    /// `T[]` or `T[k]`: the elements in order.
    case array([ABIValue])
    /// A tuple: the members in order.
    case tuple([ABIValue])
}
