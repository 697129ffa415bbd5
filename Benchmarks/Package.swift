// swift-tools-version:6.1
// package-benchmark suites for idou's kernels, in a nested package so their build stays out of `swift test`.
// Run: swift package --package-path Benchmarks --disable-sandbox benchmark --no-progress
import PackageDescription

import class Foundation.ProcessInfo
import struct Foundation.URL

/// A path dependency is known by its directory's name (`idou`, or a worktree's name).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
  name: "idou-benchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(path: "../"),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    /// The move-record hot path: every row plan on several layouts, the store's ingest and aggregation, CRC-32C.
    .executableTarget(
      name: "RecordKernels",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "IdouIngest", package: root),
        .product(name: "IdouCore", package: root),
        .product(name: "IdouIO", package: root),
      ],
      path: "Benchmarks/RecordKernels",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]),
  ]
)
