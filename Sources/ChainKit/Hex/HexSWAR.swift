/// Eight hex digits at a time in one 64-bit register ("SIMD within a register"): hashes and addresses are most of
/// an `eth_getLogs` response, and digit-by-digit decoding was a third of its decoding time.
enum HexSWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// The eight ASCII hex digits at `pointer` (either case) as a 32-bit value, or nil if any is not a hex digit.
    @inline(__always)
    static func eightDigits(_ pointer: UnsafeRawPointer) -> UInt64? {
        let x = UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
        // Setting 0x20 lowercases letters and leaves digits alone; non-ASCII bytes are refused first, so the
        // per-byte additions below (at most 0x7F + 0x50) never carry into the next byte.
        guard x & high == 0 else { return nil }
        let y = x | (0x20 &* ones)
        let atLeast0 = y &+ (0x50 &* ones)  // high bit set where y ≥ 0x30
        let above9 = y &+ (0x46 &* ones)  // where y ≥ 0x3A
        let atLeastA = y &+ (0x1F &* ones)  // where y ≥ 0x61
        let aboveF = y &+ (0x19 &* ones)  // where y ≥ 0x67
        let valid = (atLeast0 & ~above9) | (atLeastA & ~aboveF)
        guard valid & high == high else { return nil }
        // Letters have bit 0x40: their low nibble (1...6) plus 9 is their value.
        let nibbles = (y & (0x0F &* ones)) &+ ((y & (0x40 &* ones)) >> 6) &* 9
        // Byte i holds digit i (little-endian load); pair them into bytes, then gather the bytes big-endian.
        let pairs = ((nibbles & 0x000F_000F_000F_000F) << 4) | ((nibbles >> 8) & 0x000F_000F_000F_000F)
        return (pairs & 0xFF) << 24 | (pairs >> 16 & 0xFF) << 16 | (pairs >> 32 & 0xFF) << 8 | (pairs >> 48 & 0xFF)
    }

    /// The sixteen hex digits at `pointer` as a 64-bit value, or nil if any is not a hex digit.
    @inline(__always)
    static func sixteenDigits(_ pointer: UnsafeRawPointer) -> UInt64? {
        guard let high = eightDigits(pointer), let low = eightDigits(pointer + 8) else { return nil }
        return high << 32 | low
    }
}
