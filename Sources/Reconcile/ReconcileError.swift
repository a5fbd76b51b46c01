/// Why a reconciliation cannot start: the input or the servers are wrong (exit 2), as opposed to a failure midway.
public struct ReconcileError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable {
        private enum Value { case unknownEndpoint, wrongChain, beyondHead }
        private let value: Value
        /// `--endpoint` names no endpoint, one of another chain, or a disabled one.
        public static let unknownEndpoint = Code(value: .unknownEndpoint)
        /// The node (or `EVMHOOK_CHAIN_ID`) is on another chain than `--chain`.
        public static let wrongChain = Code(value: .wrongChain)
        /// `--to` is past the node's head (less the confirmations): those blocks are not settled yet.
        public static let beyondHead = Code(value: .beyondHead)
    }

    public let code: Code
    /// One line naming the argument and the fix.
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
