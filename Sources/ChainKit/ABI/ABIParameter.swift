/// One input of an event: its name (possibly empty), type, whether it is indexed, and the names of tuple members.
public struct ABIParameter: Hashable, Sendable {
    /// The parameter's name; empty when the ABI leaves it unnamed.
    public let name: String
    /// The parameter's type.
    public let type: ABIType
    /// Whether the value is carried in a topic rather than in the log's data.
    public let indexed: Bool
    /// When `type` is a tuple or an array of tuples (at any depth), one entry per tuple member, carrying member
    /// names (as JSON ABIs' `components`); empty otherwise.
    public let components: [ABIParameter]

    /// Makes a parameter; `components` name the members of the tuple inside `type`.
    ///
    /// Components that do not match the tuple's member types are replaced by unnamed ones, so `type` stays the
    /// single source of truth for the layout and names never change how a log decodes.
    public init(name: String = "", type: ABIType, indexed: Bool = false, components: [ABIParameter] = []) {
        self.name = name
        self.type = type
        self.indexed = indexed
        guard let members = type.innermostTupleMembers else {
            self.components = []
            return
        }
        if components.map(\.type) == members {
            self.components = components.map { ABIParameter(name: $0.name, type: $0.type, components: $0.components) }
        } else {
            self.components = members.map { ABIParameter(type: $0) }
        }
    }

    /// The parameter describing each element when `type` is an array: same components, no name.
    var elementParameter: ABIParameter {
        switch type {
        case .array(let element), .fixedArray(let element, _): ABIParameter(type: element, components: components)
        default: self
        }
    }

    /// Whether every tuple member has a distinct non-empty name, so the tuple renders as a JSON object.
    var hasNamedComponents: Bool {
        !components.isEmpty && components.allSatisfy { !$0.name.isEmpty }
            && Set(components.map(\.name)).count == components.count
    }
}

extension ABIType {
    /// The members of the tuple reached by stripping array dimensions, if that is a tuple.
    var innermostTupleMembers: [ABIType]? {
        switch self {
        case .array(let element), .fixedArray(let element, _): element.innermostTupleMembers
        case .tuple(let members): members
        default: nil
        }
    }
}
