// swift-tools-version:6.1
import PackageDescription

/// Release builds keep Swift's bounds and overflow checks everywhere (a bad index traps instead of reading
/// elsewhere). The hot loops of the record reader and the store do their own checked arithmetic on raw pointers
/// where it was measured to matter (`&+`, `UnsafePointer`, behind the checks of their callers); the cost of keeping
/// the checks in the rest was measured on the peer benchmark (see the note of issue 12).
let fast: [SwiftSetting] = []

let package = Package(
  name: "idou",
  platforms: [.macOS(.v14)],
  products: [
    .library(name: "IdouCore", targets: ["IdouCore"]),
    .library(name: "IdouIngest", targets: ["IdouIngest"]),
    .library(name: "IdouProjection", targets: ["IdouProjection"]),
    .library(name: "IdouAnalysis", targets: ["IdouAnalysis"]),
    .library(name: "IdouReport", targets: ["IdouReport"]),
    .library(name: "IdouIO", targets: ["IdouIO"]),
    .executable(name: "idou", targets: ["idou"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    /// Tests only: reads written workbooks back (an xlsx is a zip of XML).
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // MARK: - Public API

    /// Every C call for files, pipes, signals and clocks (one internal Syscalls.swift), and the safe types above
    /// them: inputs read as streams (files, pipes, standard input), the one output writer, file identity.
    .target(name: "IdouIO", dependencies: ["CIdouIO"]),

    /// Codes, areas, region sets, months, era labels, the count cube and its SIMD/BLAS kernels.
    .target(name: "IdouCore", dependencies: ["CBLAS", "CDatasets"], swiftSettings: fast),
    /// Readers (move records, long and wide tables, e-Stat downloads), validation, the binary store.
    .target(name: "IdouIngest", dependencies: ["IdouCore", "IdouIO"], swiftSettings: fast),
    /// Year-end projection methods and their backtest.
    .target(name: "IdouProjection", dependencies: ["IdouCore"], swiftSettings: fast),
    /// The use cases every front end shares: resolve area, year and months once, gather the inputs (or the
    /// bundled data), and compute projections with backtest and target, monthly status and the report's sentences.
    .target(name: "IdouAnalysis", dependencies: ["IdouCore", "IdouIngest", "IdouProjection"]),
    /// Text/CSV/JSON/Markdown tables, xlsx workbooks, SVG charts, the HTML report.
    .target(name: "IdouReport", dependencies: ["IdouCore", "IdouProjection", "IdouAnalysis", "IdouIO", "CXlsxWriter"]),
    /// The command-line tool: a thin front over the libraries.
    .executableTarget(
      name: "idou",
      dependencies: [
        "IdouCore", "IdouIngest", "IdouProjection", "IdouAnalysis", "IdouReport", "IdouIO",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      // Release: the Swift runtime linked in (`-static-stdlib`), so a run does not spend ~3.5 ms of its start
      // resolving symbols of the runtime's shared libraries (measured: `idou --version` 12.5 → 9.2 ms, see the
      // note of issue 12). Debug builds and the test bundles stay dynamic.
      linkerSettings: [.unsafeFlags(["-static-stdlib", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims"], .when(platforms: [.linux], configuration: .release))]),

    // MARK: - Implementation details

    /// The CRC-32C instruction and the SIGBUS guard of mapped inputs: the two things IdouIO needs C for.
    .target(name: "CIdouIO"),
    /// OpenBLAS (Debian `libopenblas-dev`), opened at its first use (dlopen): linked, it cost every command ~4 ms of
    /// start-up and spinning worker threads.
    .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl")]),
    /// Files of datasets/ compiled into the binary by `.incbin` (listed in Sources/CDatasets/Datasets.def).
    .target(name: "CDatasets", exclude: ["Datasets.def"], cSettings: [.headerSearchPath("../../datasets")]),
    /// libxlsxwriter (Debian `libxlsxwriter-dev`; its headers need zlib1g-dev): xlsx workbooks. Its header gives the
    /// types; the library is opened at the first workbook (xlsx.c), not linked: linked, it cost every command ~2 ms.
    .target(name: "CXlsxWriter", linkerSettings: [.linkedLibrary("dl")]),

    // MARK: - Unit test bundles

    /// What the test bundles share: the repository root, awkward sizes, running the built `idou`.
    .target(name: "_TestSupport", path: "Sources/_TestSupport"),
    .testTarget(name: "IdouIOTests", dependencies: ["IdouIO", "_TestSupport"]),

    .testTarget(name: "IdouCoreTests", dependencies: ["IdouCore", "_TestSupport"]),
    .testTarget(name: "IdouIngestTests", dependencies: ["IdouIngest", "_TestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "IdouProjectionTests", dependencies: ["IdouProjection", "IdouIngest", "_TestSupport"]),
    .testTarget(name: "IdouAnalysisTests", dependencies: ["IdouAnalysis", "IdouIngest", "_TestSupport"]),
    /// Reads workbooks back (ZIPFoundation, tests only), also the ones the built `idou` writes.
    .testTarget(
      name: "IdouReportTests",
      dependencies: [
        "IdouReport", "IdouIngest", "IdouAnalysis", "idou", "_TestSupport",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),
    /// Runs the built `idou` binary and compares its whole output.
    .testTarget(name: "idouCLITests", dependencies: ["idou", "_TestSupport"]),
  ]
)
