// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "triage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "triage", targets: ["triage"]),
        .library(name: "TriageCore", targets: ["TriageCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries. The shims hold what C exposes only as macros.
        .systemLibrary(
            name: "CPCRE2", path: "Sources/CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]),
        // Static inline C for what Swift cannot say (a prefetch hint); nothing to link.
        .systemLibrary(name: "CHints", path: "Sources/CHints"),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        // No pkgConfig: ncursesw.pc carries -D flags SwiftPM rejects; the shim sets them.
        .systemLibrary(
            name: "CNcursesw", path: "Sources/CNcursesw",
            providers: [.apt(["libncursesw5-dev"])]),

        // The engine: ingest → parse → mine → report. Knows nothing of terminals.
        .target(
            name: "TriageCore", dependencies: ["CPCRE2", "CZlib", "CHints", .product(name: "Yams", package: "Yams")],
            // The hot path owns its buffers; dynamic exclusivity checks cost ~10% of release run time.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),

        // The thin CLI face.
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Helpers the test suites share (a JSON Schema checker, running the built binary).
        .target(name: "TriageTestSupport", dependencies: ["TriageCore"]),

        .testTarget(
            name: "TriageCoreTests", dependencies: ["TriageCore", "TriageTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TriageCLITests", dependencies: ["TriageCore", "TriageTestSupport", "triage"]),
    ]
)
