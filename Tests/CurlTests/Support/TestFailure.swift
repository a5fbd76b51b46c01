/// A test's own setup failing (the receiver did not start, openssl failed), with what went wrong.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
}
