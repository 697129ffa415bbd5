// swift-tools-version:6.1
// Coverage-guided fuzz targets (libFuzzer) for idou's readers, in a nested package so their build stays out of
// `swift test`. Each target is one `LLVMFuzzerTestOneInput`: bytes in, the reader must return or throw, never
// crash, trap or run out of memory. Built and run by scripts/fuzz.sh with `-sanitize=fuzzer,address`.
import PackageDescription

import class Foundation.ProcessInfo
import struct Foundation.URL

/// A path dependency is known by its directory's name (`idou`, or a worktree's name).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

/// One fuzz target per table layout, and one through the dispatch; the name is the directory under Targets/.
let readers = [
  "FuzzEStat", "FuzzLongTable", "FuzzTidyTable", "FuzzCounterpartTable", "FuzzMatrix", "FuzzAnyInput", "FuzzRecords", "FuzzStore",
]

let package = Package(
  name: "idou-fuzz",
  platforms: [.macOS(.v14)],
  dependencies: [.package(path: "../")],
  targets: [
    .target(name: "CFuzzDriver", path: "Targets/CFuzzDriver"),
    /// Reading bytes with one layout of ``Inputs/layouts``, found by name.
    .target(
      name: "FuzzSupport",
      dependencies: [.product(name: "IdouIngest", package: root), .product(name: "IdouCore", package: root)],
      path: "Targets/FuzzSupport"),
  ]
    + readers.map { name in
      .executableTarget(
        name: name,
        dependencies: ["CFuzzDriver", "FuzzSupport", .product(name: "IdouIngest", package: root)],
        path: "Targets/\(name)",
        // Seed inputs of their own (records, stores) for scripts/fuzz.sh.
        exclude: ["FuzzRecords", "FuzzStore"].contains(name) ? ["seeds"] : [])
    }
)
