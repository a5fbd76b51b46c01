/// The Keccak-f[1600] permutation over 25 lanes, and absorbing whole 136-byte blocks into it.
///
/// The round is written out lane by lane (theta, rho and pi, chi, iota from FIPS 202 §3.2, with the rotation
/// offsets and round constants that its algorithms 2 and 5 compute) so that the 25 lanes live in registers and
/// locals for a whole run of blocks; a loop over an array of lanes is several times slower.
enum KeccakPermutation {
    /// Lane `x + 5y` of the state, in that order.
    typealias Lanes = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    /// The all-zero state.
    static let zeroLanes: Lanes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    /// Bytes absorbed per permutation for a 256-bit output (1600 - 2·256 bits).
    static let rate = 136

    /// The iota constants of the 24 rounds.
    static let roundConstants: [UInt64] = [
        0x0000000000000001, 0x0000000000008082, 0x800000000000808A, 0x8000000080008000,
        0x000000000000808B, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
        0x000000000000008A, 0x0000000000000088, 0x0000000080008009, 0x000000008000000A,
        0x000000008000808B, 0x800000000000008B, 0x8000000000008089, 0x8000000000008003,
        0x8000000000008002, 0x8000000000000080, 0x000000000000800A, 0x800000008000000A,
        0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
    ]

    @inline(__always)
    private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
        value &<< count | value &>> (64 &- count)
    }

    /// XORs `blockCount` consecutive 136-byte blocks at `input` into the state, permuting after each.
    static func absorb(_ state: inout Lanes, blocks input: UnsafeRawPointer, blockCount: Int) {
        var a00 = state.0
        var a10 = state.1
        var a20 = state.2
        var a30 = state.3
        var a40 = state.4
        var a01 = state.5
        var a11 = state.6
        var a21 = state.7
        var a31 = state.8
        var a41 = state.9
        var a02 = state.10
        var a12 = state.11
        var a22 = state.12
        var a32 = state.13
        var a42 = state.14
        var a03 = state.15
        var a13 = state.16
        var a23 = state.17
        var a33 = state.18
        var a43 = state.19
        var a04 = state.20
        var a14 = state.21
        var a24 = state.22
        var a34 = state.23
        var a44 = state.24
        roundConstants.withUnsafeBufferPointer { constants in
            for block in 0..<blockCount {
                let base = input + block &* rate
                a00 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
                a10 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                a20 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
                a30 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
                a40 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
                a01 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
                a11 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 48, as: UInt64.self))
                a21 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
                a31 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 64, as: UInt64.self))
                a41 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 72, as: UInt64.self))
                a02 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 80, as: UInt64.self))
                a12 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 88, as: UInt64.self))
                a22 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 96, as: UInt64.self))
                a32 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 104, as: UInt64.self))
                a42 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 112, as: UInt64.self))
                a03 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 120, as: UInt64.self))
                a13 ^= UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 128, as: UInt64.self))
                for round in 0..<24 {
                    let c0 = a00 ^ a01 ^ a02 ^ a03 ^ a04
                    let c1 = a10 ^ a11 ^ a12 ^ a13 ^ a14
                    let c2 = a20 ^ a21 ^ a22 ^ a23 ^ a24
                    let c3 = a30 ^ a31 ^ a32 ^ a33 ^ a34
                    let c4 = a40 ^ a41 ^ a42 ^ a43 ^ a44
                    let d0 = c4 ^ rotate(c1, 1)
                    let d1 = c0 ^ rotate(c2, 1)
                    let d2 = c1 ^ rotate(c3, 1)
                    let d3 = c2 ^ rotate(c4, 1)
                    let d4 = c3 ^ rotate(c0, 1)
                    let b00 = a00 ^ d0
                    let b13 = rotate(a01 ^ d0, 36)
                    let b21 = rotate(a02 ^ d0, 3)
                    let b34 = rotate(a03 ^ d0, 41)
                    let b42 = rotate(a04 ^ d0, 18)
                    let b02 = rotate(a10 ^ d1, 1)
                    let b10 = rotate(a11 ^ d1, 44)
                    let b23 = rotate(a12 ^ d1, 10)
                    let b31 = rotate(a13 ^ d1, 45)
                    let b44 = rotate(a14 ^ d1, 2)
                    let b04 = rotate(a20 ^ d2, 62)
                    let b12 = rotate(a21 ^ d2, 6)
                    let b20 = rotate(a22 ^ d2, 43)
                    let b33 = rotate(a23 ^ d2, 15)
                    let b41 = rotate(a24 ^ d2, 61)
                    let b01 = rotate(a30 ^ d3, 28)
                    let b14 = rotate(a31 ^ d3, 55)
                    let b22 = rotate(a32 ^ d3, 25)
                    let b30 = rotate(a33 ^ d3, 21)
                    let b43 = rotate(a34 ^ d3, 56)
                    let b03 = rotate(a40 ^ d4, 27)
                    let b11 = rotate(a41 ^ d4, 20)
                    let b24 = rotate(a42 ^ d4, 39)
                    let b32 = rotate(a43 ^ d4, 8)
                    let b40 = rotate(a44 ^ d4, 14)
                    a00 = b00 ^ (~b10 & b20)
                    a10 = b10 ^ (~b20 & b30)
                    a20 = b20 ^ (~b30 & b40)
                    a30 = b30 ^ (~b40 & b00)
                    a40 = b40 ^ (~b00 & b10)
                    a01 = b01 ^ (~b11 & b21)
                    a11 = b11 ^ (~b21 & b31)
                    a21 = b21 ^ (~b31 & b41)
                    a31 = b31 ^ (~b41 & b01)
                    a41 = b41 ^ (~b01 & b11)
                    a02 = b02 ^ (~b12 & b22)
                    a12 = b12 ^ (~b22 & b32)
                    a22 = b22 ^ (~b32 & b42)
                    a32 = b32 ^ (~b42 & b02)
                    a42 = b42 ^ (~b02 & b12)
                    a03 = b03 ^ (~b13 & b23)
                    a13 = b13 ^ (~b23 & b33)
                    a23 = b23 ^ (~b33 & b43)
                    a33 = b33 ^ (~b43 & b03)
                    a43 = b43 ^ (~b03 & b13)
                    a04 = b04 ^ (~b14 & b24)
                    a14 = b14 ^ (~b24 & b34)
                    a24 = b24 ^ (~b34 & b44)
                    a34 = b34 ^ (~b44 & b04)
                    a44 = b44 ^ (~b04 & b14)
                    a00 ^= constants[round]
                }
            }
        }
        state = (
            a00, a10, a20, a30, a40, a01, a11, a21, a31, a41,
            a02, a12, a22, a32, a42, a03, a13, a23, a33, a43,
            a04, a14, a24, a34, a44
        )
    }
}
