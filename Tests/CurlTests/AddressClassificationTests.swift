import Curl
import Testing

/// The pure classifier behind the SSRF guard, over a table of addresses and their expected category.
@Suite struct AddressClassificationTests {
    static let ipv4: [(String, AddressCategory?)] = [
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback),
        ("10.1.2.3", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("192.168.255.255", .privateNetwork),
        ("169.254.169.254", .cloudMetadata), ("100.100.100.200", .cloudMetadata),
        ("169.254.0.1", .linkLocal), ("169.254.255.255", .linkLocal),
        ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
        ("255.255.255.255", .broadcast),
        ("240.0.0.1", .reserved), ("192.0.2.10", .reserved), ("198.18.0.1", .reserved), ("203.0.113.5", .reserved),
        // Just outside each range: ordinary public addresses.
        ("8.8.8.8", nil), ("1.1.1.1", nil), ("9.255.255.255", nil), ("11.0.0.0", nil),
        ("172.15.255.255", nil), ("172.32.0.0", nil), ("192.167.255.255", nil), ("192.169.0.0", nil),
        ("100.63.255.255", nil), ("100.128.0.0", nil), ("169.253.255.255", nil), ("223.255.255.255", nil),
        ("126.255.255.255", nil), ("128.0.0.0", nil),
    ]

    static let ipv6: [(String, AddressCategory?)] = [
        ("::1", .loopback), ("::", .unspecified),
        ("::ffff:127.0.0.1", .loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .cloudMetadata), ("::ffff:100.64.0.1", .sharedAddressSpace),
        ("::ffff:0.0.0.0", .unspecified), ("::ffff:255.255.255.255", .broadcast),
        ("::ffff:0:127.0.0.1", .loopback), ("64:ff9b::10.0.0.1", .privateNetwork), ("2002:7f00:1::", .loopback),
        ("::127.0.0.1", .reserved), ("::2", .reserved),
        ("fc00::1", .privateNetwork), ("fdff:ffff::1", .privateNetwork), ("fec0::1", .privateNetwork),
        ("fd00:ec2::254", .cloudMetadata), ("fd00:ec2::253", .privateNetwork),
        ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal),
        ("ff02::1", .multicast), ("ff05::1:3", .multicast),
        ("2001:db8::1", .reserved), ("100::1", .reserved),
        ("::ffff:8.8.8.8", nil), ("64:ff9b::8.8.8.8", nil), ("2002:808:808::", nil),
        ("2606:4700:4700::1111", nil), ("2001:4860:4860::8888", nil), ("fbff::1", nil), ("fe00::1", nil),
    ]

    @Test(arguments: ipv4 + ipv6)
    func addressIsClassified(text: String, expected: AddressCategory?) throws {
        let address = try #require(IPAddress(text))
        #expect(address.category == expected)
    }

    @Test func textIsParsedAndPrintedInConventionalForm() throws {
        #expect(try #require(IPAddress("10.1.2.3")).bytes == [10, 1, 2, 3])
        #expect(try #require(IPAddress("[::1]")).bytes == [UInt8](repeating: 0, count: 15) + [1])
        #expect(IPAddress("[::1]")?.description == "::1")
        #expect(IPAddress("::FFFF:127.0.0.1")?.description == "::ffff:127.0.0.1")
        #expect(IPAddress("fd00:0ec2:0:0:0:0:0:0254")?.description == "fd00:ec2::254")
        #expect(IPAddress(bytes: [169, 254, 169, 254])?.description == "169.254.169.254")
        #expect(IPAddress("::ffff:127.0.0.1")?.isIPv6 == true)
        #expect(IPAddress("127.0.0.1")?.isIPv6 == false)
    }

    @Test(arguments: ["", "localhost", "256.1.1.1", "1.2.3", "1.2.3.4.5", "::1::", "[::1", "fe80::1%lo", "0x7f.1"])
    func nonAddressesAreRejected(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func theDefaultGuardRefusesEverySpecialRangeAndAllowsPublicAddresses() throws {
        let guardian = AddressGuard.publicOnly
        for (text, expected) in Self.ipv4 + Self.ipv6 {
            #expect(guardian.refusal(for: try #require(IPAddress(text))) == expected, "\(text)")
        }
    }

    @Test func allowedCategoriesPassAndTheRestStayRefused() throws {
        let loopbackOnly = AddressGuard(allowing: [.loopback])
        #expect(loopbackOnly.refusal(for: try #require(IPAddress("127.0.0.1"))) == nil)
        #expect(loopbackOnly.refusal(for: try #require(IPAddress("::ffff:127.0.0.1"))) == nil)
        #expect(loopbackOnly.refusal(for: try #require(IPAddress("::1"))) == nil)
        #expect(loopbackOnly.refusal(for: try #require(IPAddress("10.1.2.3"))) == .privateNetwork)

        let privateTargets = AddressGuard.allowingPrivateTargets
        #expect(privateTargets.refusal(for: try #require(IPAddress("192.168.1.10"))) == nil)
        #expect(privateTargets.refusal(for: try #require(IPAddress("fd12::1"))) == nil)
        #expect(privateTargets.refusal(for: try #require(IPAddress("100.64.1.1"))) == nil)
        #expect(privateTargets.refusal(for: try #require(IPAddress("169.254.169.254"))) == .cloudMetadata)
        #expect(privateTargets.refusal(for: try #require(IPAddress("fd00:ec2::254"))) == .cloudMetadata)
        #expect(privateTargets.refusal(for: try #require(IPAddress("169.254.3.4"))) == .linkLocal)
        #expect(privateTargets.refusal(for: try #require(IPAddress("224.0.0.251"))) == .multicast)
    }

    @Test func theRefusalSaysWhichAddressAndWhy() throws {
        let error = HTTPClientError.refusal(of: try #require(IPAddress("127.0.0.1")), .loopback)
        #expect(error.message == "refused to connect to 127.0.0.1 (loopback)")
        #expect(error.code == .addressRefused)
    }
}
