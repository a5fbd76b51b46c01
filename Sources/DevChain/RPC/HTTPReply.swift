/// What the dev chain sends back for one HTTP request, independent of the server library.
struct HTTPReply: Sendable, Equatable {
    var status: Int
    var body: String
    var headers: [String: String] = [:]
    var contentType = "application/json"
}
