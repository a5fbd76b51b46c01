import Testing

@testable import AdminAPI

@Suite("BearerToken")
struct BearerTokenTests {
    @Test(arguments: [
        ("Bearer ehk_abc", "ehk_abc"),
        ("bearer ehk_abc", "ehk_abc"),
        ("BEARER ehk_abc", "ehk_abc"),
        ("bEaReR \t ehk_abc \t", "ehk_abc"),
        ("Bearer\tehk_abc", "ehk_abc"),
        ("Bearer ehk_a b", "ehk_a b"),
        ("Bearer ehk_é", "ehk_é"),
    ])
    func readsTheTokenOfABearerCredential(header: String, token: String) {
        #expect(BearerToken.parse(header) == token[...])
    }

    @Test(arguments: [
        "", "Bearer", "Bearer ", "Bearer \t ", "Bearerehk_abc", "Basic ehk_abc", "Bearez ehk_abc", "@earer x",
    ])
    func refusesAnythingElse(header: String) {
        #expect(BearerToken.parse(header) == nil)
    }
}
