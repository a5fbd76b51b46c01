import ChainKit

/// The events the workload emits, declared as their contracts declare them and encoded with ChainKit's ABI
/// encoder, so the dev chain's logs are real ABI encodings that any decoder (eth-abi, web3) reads.
enum WorkloadEvents {
    // Fixed declarations: a parse failure is a programming error caught by the first test, hence `try!`.
    static let transfer = try! ABIEvent(
        signature: "Transfer(address indexed from, address indexed to, uint256 value)"
    )
    static let nftTransfer = try! ABIEvent(
        signature: "Transfer(address indexed from, address indexed to, uint256 indexed tokenId)"
    )
    static let sync = try! ABIEvent(signature: "Sync(uint112 reserve0, uint112 reserve1)")
    static let swap = try! ABIEvent(
        signature: "Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, "
            + "uint256 amount1Out, address indexed to)"
    )

    static func erc20Transfer(token: Address, from: Address, to: Address, value: UInt256) -> LogTemplate {
        log(transfer, at: token, [.address(from), .address(to), .uint(value)])
    }

    static func erc721Transfer(collection: Address, from: Address, to: Address, tokenID: UInt256) -> LogTemplate {
        log(nftTransfer, at: collection, [.address(from), .address(to), .uint(tokenID)])
    }

    static func sync(pair: Address, reserve0: UInt256, reserve1: UInt256) -> LogTemplate {
        log(sync, at: pair, [.uint(reserve0), .uint(reserve1)])
    }

    static func swap(pair: Address, sender: Address, amount0In: UInt256, amount1Out: UInt256, to: Address)
        -> LogTemplate
    {
        log(
            swap, at: pair,
            [.address(sender), .uint(amount0In), .uint(.zero), .uint(.zero), .uint(amount1Out), .address(to)])
    }

    private static func log(_ event: ABIEvent, at address: Address, _ values: [ABIValue]) -> LogTemplate {
        // The workload's values always fit their types (reserves stay below 2^112): failing is a programming error.
        let encoded = try! event.encodeLog(values)
        return LogTemplate(address: address, topics: encoded.topics, data: encoded.data)
    }
}
