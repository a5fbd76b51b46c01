/// ChainKit: the Ethereum domain shared by every service (hex, primitives, Keccak-256, ABI, filters, JSON-RPC).
public enum ChainKitModule {}
