import Hiredis
import Testing

@Suite struct RedisURLTests {
    @Test func hostPortAndDatabaseAreRead() throws {
        let url = try RedisURL("redis://127.0.0.1:6380/3")
        #expect(url == RedisURL(host: "127.0.0.1", port: 6380, database: 3))
    }

    @Test func defaultsArePort6379AndDatabase0() throws {
        #expect(try RedisURL("redis://localhost") == RedisURL(host: "localhost", port: 6379, database: 0))
        #expect(try RedisURL("redis://localhost/") == RedisURL(host: "localhost", port: 6379, database: 0))
    }

    @Test func passwordWithoutUserIsReadAndPercentDecoded() throws {
        let url = try RedisURL("redis://:p%40ss%3Aword@127.0.0.1:7000/1")
        #expect(url.username == nil)
        #expect(url.password == "p@ss:word")
        #expect(url.port == 7000)
        #expect(url.database == 1)
    }

    @Test func userAndPasswordAreRead() throws {
        let url = try RedisURL("redis://worker:s3cret@127.0.0.1:6379")
        #expect(url.username == "worker")
        #expect(url.password == "s3cret")
    }

    @Test func ipv6HostInBracketsIsRead() throws {
        let url = try RedisURL("redis://[::1]:6390/2")
        #expect(url.host == "::1")
        #expect(url.port == 6390)
        #expect(url.endpoint == "[::1]:6390")
    }

    @Test func descriptionAndReflectionHideThePassword() throws {
        let url = try RedisURL("redis://worker:hunter2@127.0.0.1:6379/4")
        #expect(url.description == "redis://worker:***@127.0.0.1:6379/4")
        var dumped = ""
        dump(url, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(!"\(url)".contains("hunter2"))
    }

    @Test(arguments: [
        "http://127.0.0.1:6379",
        "rediss://127.0.0.1:6379",
        "redis://",
        "redis://:6379",
        "redis://127.0.0.1:0",
        "redis://127.0.0.1:65536",
        "redis://127.0.0.1:+80",
        "redis://127.0.0.1:port",
        "redis://127.0.0.1:6379/db",
        "redis://127.0.0.1:6379/-1",
        "redis://127.0.0.1:6379/0?timeout=1",
        "redis://onlyuser@127.0.0.1",
        "redis://[::1:6379",
    ])
    func badURLsAreRejected(_ text: String) {
        #expect {
            try RedisURL(text)
        } throws: { error in
            (error as? RedisError)?.code == .invalidURL
        }
    }

    @Test func aBadURLErrorNeverShowsThePassword() {
        do {
            _ = try RedisURL("redis://:topsecret@127.0.0.1:notaport")
            Issue.record("the URL was accepted")
        } catch {
            #expect(!"\(error)".contains("topsecret"))
            #expect((error as? RedisError)?.code == .invalidURL)
        }
    }
}
