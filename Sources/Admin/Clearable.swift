/// An optional setting an input either clears (back to its default) or sets from text: the CLI's `none`/`default`
/// and the API's JSON null are `.clear`.
public enum Clearable: Sendable, Hashable {
    case clear
    case value(String)
}
