/// A validator withdrawal (EIP-4895) listed in a block since Shanghai.
public struct Withdrawal: Hashable, Sendable {
    public var index: UInt64
    public var validatorIndex: UInt64
    public var address: Address
    /// The amount in gwei.
    public var amount: UInt64

    /// A withdrawal with these members.
    public init(index: UInt64, validatorIndex: UInt64, address: Address, amount: UInt64) {
        self.index = index
        self.validatorIndex = validatorIndex
        self.address = address
        self.amount = amount
    }

    /// Decodes a withdrawal object.
    public init(json: JSONValue, path: String) throws(RPCDecodingError) {
        let fields = try JSONFields(json, path: path)
        index = try fields.quantity("index")
        validatorIndex = try fields.quantity("validatorIndex")
        address = try fields.address("address")
        amount = try fields.quantity("amount")
    }

    /// The withdrawal as geth writes it.
    public var json: JSONValue {
        .object([
            JSONMember("index", .quantity(index)),
            JSONMember("validatorIndex", .quantity(validatorIndex)),
            JSONMember("address", .string(address.description)),
            JSONMember("amount", .quantity(amount)),
        ])
    }
}
