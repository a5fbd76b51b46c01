import Foundation
import TestSupport

/// A throwaway certificate and key for `localhost`/127.0.0.1, made with the openssl command for one test.
struct SelfSignedCertificate {
    let directory: URL
    var certificate: String { directory.appendingPathComponent("cert.pem").path }
    var key: String { directory.appendingPathComponent("key.pem").path }

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(TestEnvironment.uniqueName("tls"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let openssl = try await ProgramRun.run(
            URL(fileURLWithPath: "/usr/bin/openssl"),
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", key, "-out", certificate,
            ])
        guard openssl.status == 0 else {
            throw TestFailure(description: "openssl req exited with \(openssl.status): \(openssl.stderr)")
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
