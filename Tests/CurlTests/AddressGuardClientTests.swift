import Curl
import Testing

/// The guard wired into the client: it judges the address actually connected, after name resolution.
@Suite struct AddressGuardClientTests {
    /// Every spelling of the receiver's own loopback address, including a name that resolves to it.
    static let loopbackHosts = ["127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]"]

    @Test func loopbackIsRefusedInEverySpellingWithoutReachingTheReceiver() async throws {
        let receiver = try await Receiver()
        let errors = try await HTTPClient.withTestClient(.init()) { client in
            var errors: [String: HTTPClientError?] = [:]
            for host in Self.loopbackHosts {
                errors[host] =
                    await client.failure(of: HTTPRequest(url: receiver.url("/ok", host: host)))
                    as? HTTPClientError
            }
            return errors
        }
        for host in Self.loopbackHosts {
            let error = try #require(errors[host].flatMap { $0 }, "\(host) was not refused")
            #expect(error.code == .addressRefused, "\(host)")
            #expect(error.refusedCategory == .loopback, "\(host)")
            let address = try #require(error.refusedAddress)
            #expect(error.message == "refused to connect to \(address) (loopback)")
        }
        #expect(errors["127.0.0.1"]??.refusedAddress?.description == "127.0.0.1")
        #expect(errors["[::1]"]??.refusedAddress?.description == "::1")
        #expect(errors["[::ffff:127.0.0.1]"]??.refusedAddress?.description == "::ffff:127.0.0.1")
        // Only the stats query itself ever connected: the refusals happened before any connection.
        let stats = try await receiver.stats()
        #expect(stats.connections == 1)
        #expect(stats.requests == 1)
    }

    /// Private and metadata addresses are only ever tested as refused: nothing may be sent to them. The loopback
    /// refusal goes first to prove the hook is wired before any such URL is handed to curl.
    @Test func privateAndMetadataAddressesAreRefusedBeforeConnecting() async throws {
        let errors = try await HTTPClient.withTestClient(.init()) { client in
            let wired = await client.failure(of: HTTPRequest(url: "http://127.0.0.1:9/")) as? HTTPClientError
            try #require(wired?.code == .addressRefused)
            var errors: [HTTPClientError?] = []
            for url in ["http://10.1.2.3/hook", "http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/"] {
                errors.append(await client.failure(of: HTTPRequest(url: url, timeout: .seconds(2))) as? HTTPClientError)
            }
            return errors
        }
        #expect(errors.map { $0?.code } == [.addressRefused, .addressRefused, .addressRefused])
        #expect(errors.map { $0?.refusedCategory } == [.privateNetwork, .cloudMetadata, .cloudMetadata])
        #expect(errors[0]?.message == "refused to connect to 10.1.2.3 (private network)")
        #expect(errors[1]?.message == "refused to connect to 169.254.169.254 (cloud metadata)")
        #expect(errors[2]?.message == "refused to connect to fd00:ec2::254 (cloud metadata)")
    }

    @Test func loopbackIsReachedInEverySpellingWhenAllowed() async throws {
        let receiver = try await Receiver()
        // ::1 is present on these machines; where it is not, the receiver says so and [::1] cannot be served.
        let hosts = Self.loopbackHosts.filter { receiver.hasIPv6 || $0 != "[::1]" }
        let statuses = try await HTTPClient.withTestClient(.init(addressGuard: .init(allowing: [.loopback]))) {
            client in
            var statuses: [Int] = []
            for host in hosts {
                statuses.append(try await client.send(HTTPRequest(url: receiver.url("/ok", host: host))).status)
            }
            return statuses
        }
        #expect(statuses == hosts.map { _ in 204 })
        #expect(try await receiver.stats().requests == hosts.count + 1)
    }
}
