/// A failure that stops the Ingestor: bad configuration it cannot work around (exit 2 in the CLI).
public struct IngestorError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The node serves another chain than `EVMHOOK_CHAIN_ID`.
        public static let wrongChain = Code("wrong chain")
        /// The first connection to the node failed (a wrong URL, a node that is down at start).
        public static let unreachable = Code("unreachable")
        /// A replay asked for blocks the node has not mined (it would walk through empty ranges for ever).
        public static let beyondHead = Code("beyond head")
    }

    public let code: Code
    public let description: String

    init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }
}
