extension ABIRegistry {
    /// The events of the ABIs in the repository's abi/ folder (ERC-20, ERC-721, ERC-1155, ERC-4626, WETH9,
    /// Uniswap V2 Pair, Uniswap V3 Pool), embedded in the binary.
    public static let builtin = ABIRegistry(builtinEvents)

    /// The events of abi/, file by file in registration order (ABIRegistryTests checks them against the files).
    ///
    /// To let other events take precedence, register them first: `ABIRegistry(mine + ABIRegistry.builtinEvents)`.
    public static let builtinEvents: [ABIEvent] = BuiltinABIs.files.flatMap { file in
        // The embedded JSON is generated from files the tests parse: failing here is a build defect.
        try! ABIEvent.events(fromJSONABI: Array(file.json.utf8))
    }
}
