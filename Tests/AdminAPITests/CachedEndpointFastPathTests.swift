import Foundation
import Hummingbird
import Testing

@testable import AdminAPI

/// Which paths the fast path takes for itself: exactly `/v1/endpoints/{id}`; every other one is the router's.
@Suite("CachedEndpointFastPath")
struct CachedEndpointFastPathTests {
    typealias FastPath = CachedEndpointFastPath<RouterResponder<BasicRequestContext>>

    @Test func takesTheEndpointPathWithItsID() {
        let id = UUID(uuidString: "0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b")
        #expect(FastPath.endpointID(inPath: "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b") == id)
        #expect(FastPath.endpointID(inPath: "/v1/endpoints/0B6F3C5E-9D2A-4F1E-8C7B-2A1D0E9F8C7B") == id)
    }

    @Test(arguments: [
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b/",
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b/stats",
        "/v1/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7",
        "/v1/endpoints/0b6f3c5e+9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v1/endpointsX0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v2/endpoints/0b6f3c5e-9d2a-4f1e-8c7b-2a1d0e9f8c7b",
        "/v1/endpoints",
        "/v1/endpoints/",
        "",
    ])
    func leavesEveryOtherPathToTheRouter(path: String) {
        #expect(FastPath.endpointID(inPath: path) == nil)
    }
}
