// swift-tools-version: 6.1
import PackageDescription

/// Strict settings shared by every Swift target (see STYLE.md: package hygiene).
let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// One `.systemLibrary` per C library; each is imported by exactly one wrapper module.
func cLibrary(_ name: String, pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdWebSocket = Target.Dependency.product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let openAPIRuntime = Target.Dependency.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
let httpTypes = Target.Dependency.product(name: "HTTPTypes", package: "swift-http-types")
let openAPIHummingbird = Target.Dependency.product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird")

let package = Package(
    name: "evmhook",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "evmhook", targets: ["evmhook"]),
        .executable(name: "evmhook-bench", targets: ["evmhook-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // C libraries and the shim for what Swift cannot call (variadic functions, macros).
        cLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev"),
        cLibrary("CLibWebSockets", pkgConfig: "libwebsockets", apt: "libwebsockets-dev"),
        cLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev"),
        cLibrary("CHiredis", pkgConfig: "hiredis", apt: "libhiredis-dev"),
        cLibrary("COpenSSL", pkgConfig: "libcrypto", apt: "libssl-dev"),
        .target(name: "CShims", dependencies: ["CCurl", "CLibWebSockets"]),
        .target(name: "CSpawn"),

        // Safe Swift wrappers: the only importers of their C module.
        .target(name: "Threading", swiftSettings: strict),
        .target(name: "Curl", dependencies: ["CCurl", "CShims", "Threading", log], swiftSettings: strict),
        .target(
            name: "LibWebSockets", dependencies: ["CLibWebSockets", "CShims", "Threading", log], swiftSettings: strict),
        .target(
            name: "LibPQ", dependencies: ["CLibPQ", "CivilTime", "Threading", "UUIDText", log], swiftSettings: strict),
        .target(name: "Hiredis", dependencies: ["CHiredis", "Threading", "OpenSSL", log], swiftSettings: strict),
        .target(name: "OpenSSL", dependencies: ["COpenSSL", "Threading"], swiftSettings: strict),

        // Calendar dates as arithmetic, for the timestamps written on hot paths.
        .target(name: "CivilTime", swiftSettings: strict),
        // A UUID's text form as bytes, for the ids every job and record carries.
        .target(name: "UUIDText", swiftSettings: strict),

        // The Ethereum domain: pure Swift, Foundation at most.
        .target(name: "ChainKit", swiftSettings: strict),

        // The simulated node behind `evmhook devchain`, shared with tests and benchmarks.
        .target(
            name: "DevChain", dependencies: ["ChainKit", hummingbird, hummingbirdWebSocket, serviceLifecycle, log],
            swiftSettings: strict
        ),

        // The formats that cross services through Redis: keys, stream entries, delivery jobs, webhook ids.
        .target(name: "Pipeline", dependencies: ["ChainKit", "UUIDText"], swiftSettings: strict),

        // Storage and services. The SQL of `migrations/` is compiled in (see migrations/README.md).
        .target(
            name: "Migrations", path: "migrations", exclude: ["README.md"], sources: ["EmbeddedMigrations.swift"],
            resources: [
                .embedInCode("0001_endpoints.sql"), .embedInCode("0002_deliveries.sql"), .embedInCode("0003_admin.sql"),
                .embedInCode("0004_attempt_events.sql"), .embedInCode("0005_api_keys_notify.sql"),
            ],
            swiftSettings: strict),
        .target(
            name: "Store", dependencies: ["LibPQ", "ChainKit", "CivilTime", "Migrations", "Threading", log],
            swiftSettings: strict),
        .target(
            name: "Ingestor",
            dependencies: ["ChainKit", "Pipeline", "Hiredis", "LibWebSockets", "Curl", "Threading", log, metrics],
            swiftSettings: strict),
        .target(
            name: "Processor", dependencies: ["ChainKit", "CivilTime", "Pipeline", "Hiredis", "Store", log, metrics],
            swiftSettings: strict),
        .target(
            name: "Delivery",
            dependencies: [
                "Pipeline", "Curl", "Hiredis", "Store", "LibPQ", "OpenSSL", "Threading", "UUIDText", log, metrics,
            ],
            swiftSettings: strict),

        // Metrics registry, /metrics, /healthz, /readyz and the server that serves them for a service run alone.
        .target(
            name: "Observability",
            dependencies: [
                "ChainKit", "Hiredis", "LibPQ", "Pipeline", "Threading", hummingbird, serviceLifecycle, log, metrics,
                prometheus,
            ],
            swiftSettings: strict),

        // `evmhook reconcile`: what the chain says was due against what was delivered.
        .target(
            name: "Reconcile",
            dependencies: ["ChainKit", "Pipeline", "Ingestor", "Processor", "Store", "LibPQ", "Hiredis", log],
            swiftSettings: strict),

        // The operations the CLI and the admin API share (one validation, one audit log), and the API over them.
        .target(
            name: "Admin",
            dependencies: [
                "Store", "Delivery", "Curl", "ChainKit", "LibPQ", "Hiredis", "Pipeline", "OpenSSL", "UUIDText", log,
            ],
            swiftSettings: strict),
        .target(
            name: "AdminAPI",
            dependencies: [
                "Admin", "Store", "Delivery", "ChainKit", "CivilTime", "LibPQ", "Hiredis", "Pipeline", "Threading",
                "Ingestor", hummingbird,
                openAPIRuntime, openAPIHummingbird, httpTypes, serviceLifecycle, log,
            ],
            resources: [.embedInCode("openapi.yaml")],
            swiftSettings: strict,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),

        .executableTarget(
            name: "evmhook",
            dependencies: [
                "Admin", "AdminAPI", "Store", "Ingestor", "Processor", "Delivery", "DevChain", "Hiredis", "Pipeline",
                "Threading", "LocalServers", "SampleReceiver", "LibPQ", "Observability", "Reconcile", argumentParser,
                log,
                hummingbird,
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "evmhook-bench",
            dependencies: [
                "ChainKit", "Curl", "Hiredis", "Threading", "DevChain", "Ingestor", "Processor", "Delivery", "Pipeline",
                "Store", "LibPQ", "Observability", "Reconcile", argumentParser, log, hummingbird,
            ],
            swiftSettings: strict
        ),

        // The receiver `evmhook dev` delivers its sample endpoint to: verifies and prints every event.
        .target(
            name: "SampleReceiver",
            dependencies: ["Delivery", "ChainKit", "Threading", hummingbird, serviceLifecycle, log],
            swiftSettings: strict
        ),

        // Throwaway local Redis and PostgreSQL servers, for `evmhook dev` and the tests.
        .target(name: "LocalServers", dependencies: ["CSpawn"], swiftSettings: strict),

        // Test-only support: server URLs from the environment (failing loudly), fixtures, child processes.
        .target(name: "TestSupport", dependencies: ["LocalServers", "Curl", "Threading", log], swiftSettings: strict),

        .testTarget(name: "ThreadingTests", dependencies: ["Threading"], swiftSettings: strict),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"], swiftSettings: strict),
        .testTarget(name: "UUIDTextTests", dependencies: ["UUIDText"], swiftSettings: strict),
        .testTarget(name: "OpenSSLTests", dependencies: ["OpenSSL", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "HiredisTests", dependencies: ["Hiredis", "Threading", "TestSupport", log], swiftSettings: strict),
        .testTarget(name: "LibPQTests", dependencies: ["LibPQ", "TestSupport", log], swiftSettings: strict),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "TestSupport", "Threading", log], swiftSettings: strict),
        .testTarget(
            name: "LibWebSocketsTests",
            dependencies: ["LibWebSockets", "TestSupport", log],
            swiftSettings: strict
        ),
        .testTarget(name: "ChainKitTests", dependencies: ["ChainKit", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DevChainTests", dependencies: ["DevChain", "ChainKit", "LibWebSockets", "TestSupport", log],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EvmhookCLITests",
            dependencies: [
                "TestSupport", "DevChain", "ChainKit", "Hiredis", "LibPQ", "SampleReceiver", "Delivery", "Threading",
                "Curl",
                log,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "DeliveryTests",
            dependencies: [
                "ChainKit", "Delivery", "Pipeline", "Store", "LibPQ", "Hiredis", "Curl", "OpenSSL", "TestSupport", log,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "LocalServersTests", dependencies: ["LocalServers", "Hiredis", "LibPQ", log], swiftSettings: strict),
        .testTarget(
            name: "SampleReceiverTests", dependencies: ["SampleReceiver", "Delivery", "Curl", "TestSupport", log],
            swiftSettings: strict
        ),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "ChainKit"], swiftSettings: strict),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "Observability", "TestSupport", "DevChain", "ChainKit", "Curl", "Hiredis", "LibPQ", "Pipeline", log,
                metrics,
                prometheus,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "IngestorTests",
            dependencies: ["Ingestor", "Pipeline", "ChainKit", "DevChain", "Hiredis", "Threading", "TestSupport", log],
            swiftSettings: strict
        ),
        .testTarget(name: "StoreTests", dependencies: ["Store", "LibPQ", "TestSupport", log], swiftSettings: strict),
        .testTarget(
            name: "AdminAPITests",
            dependencies: [
                "AdminAPI", "Admin", "Store", "LibPQ", "Hiredis", "Pipeline", "Curl", "ChainKit", "DevChain",
                "LocalServers", "TestSupport", log,
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ProcessorTests",
            dependencies: ["Processor", "Pipeline", "Store", "Hiredis", "LibPQ", "ChainKit", "TestSupport", log],
            swiftSettings: strict),
        .testTarget(
            name: "ReconcileTests",
            dependencies: [
                "DevChain", "ChainKit", "Pipeline", "Hiredis", "LibPQ", "Curl", "Threading", "TestSupport", log,
            ],
            swiftSettings: strict),
    ]
)
