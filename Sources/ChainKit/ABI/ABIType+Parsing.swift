extension ABIType {
    /// Parses a type such as `uint256`, `(uint256,string)[]` or `bytes32[2][]`.
    ///
    /// The canonical form round-trips through `description`; `uint`/`int` aliases, spaces and tuple member names
    /// are also accepted (and dropped from the canonical form).
    /// - Throws: `ABIParseError` with code `.invalidType`, naming the offending position.
    public init(parsing text: some StringProtocol) throws(ABIParseError) {
        var parser = ABISignatureParser(text)
        self = try parser.parseWholeType()
    }
}
