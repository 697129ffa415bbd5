import Benchmark
import IdouCore
@_spi(Benchmarks) import IdouIngest
import IdouIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// 200,000 generated records, written once in several layouts, read by every benchmark.
let recordCount = 200_000

/// The same records in other layouts (from the canonical text, by plain string work: a benchmark input, not a
/// reader): 5-digit codes without nationality, YYYY-MM with prefecture codes, every field quoted.
func layouts(from canonical: String) -> [String: [UInt8]] {
  let lines = canonical.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
  func join(_ header: String, _ rows: [String]) -> [UInt8] { Array((header + "\n" + rows.joined(separator: "\n") + "\n").utf8) }
  return [
    "Code5": join("date,from,to,sex,age", lines.map { "\($0[0]),\($0[1].prefix(5)),\($0[2].prefix(5)),\($0[3]),\($0[4])" }),
    "PrefectureMonth": join("date,from,to,sex", lines.map { "\($0[0].prefix(7)),\($0[1].prefix(2)),\($0[2].prefix(2)),\($0[3])" }),
    "Quoted": join("date,from,to,sex,age,nationality", lines.map { $0.map { "\"\($0)\"" }.joined(separator: ",") }),
  ]
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .throughput, .peakMemoryResident, .instructions],
    scalingFactor: .one,
    maxDuration: .seconds(2),
    maxIterations: 200,
    thresholds: [.wallClock: .init(relative: [.p50: 15.0]), .instructions: .init(relative: [.p50: 5.0])])

  let csv = "/tmp/idou-bench-records-\(getpid()).csv"
  let store = "/tmp/idou-bench-records-\(getpid()).idou"
  let catalog = try? MunicipalCatalog.bundled()
  var files: [String: String] = ["Canonical": csv]
  if let g = try? RecordGenerator.bundled() {
    try? g.write(records: recordCount, seed: 1, to: csv)
    try? RecordStore.write(MoveRecordReader(options: .init(catalog: catalog)).records(path: csv).records, to: store)
    if let text = try? InputSource.bytes(csv) {
      for (name, bytes) in layouts(from: String(decoding: text, as: UTF8.self)) {
        let path = "/tmp/idou-bench-records-\(getpid())-\(name).csv"
        if let out = try? OutputWriter(path: path) {
          try? out.write(bytes)
          try? out.close()
        }
        files[name] = path
      }
    }
  }

  // One benchmark per row plan on each layout it applies to (the canonical plan only reads the canonical layout).
  for (layout, path) in files.sorted(by: { $0.key < $1.key }) {
    for plan in RecordPlan.allCases where plan != .canonical || layout == "Canonical" {
      Benchmark("Records\(layout)Plan\(plan.rawValue.capitalized)1Thread") { benchmark in
        var o = MoveRecordReader.Options(threads: 1, catalog: catalog)
        o.plan = plan
        let reader = MoveRecordReader(options: o)
        for _ in benchmark.scaledIterations { blackHole(try reader.aggregate(path: path)) }
      }
    }
  }

  Benchmark("ReadRecordsCanonical2Threads") { benchmark in
    let reader = MoveRecordReader(options: .init(threads: 2, catalog: catalog))
    for _ in benchmark.scaledIterations { blackHole(try reader.aggregate(path: csv)) }
  }

  Benchmark("ReadRecordsMunicipality2Threads") { benchmark in
    let reader = MoveRecordReader(options: .init(threads: 2, level: .municipality, catalog: catalog))
    for _ in benchmark.scaledIterations { blackHole(try reader.aggregate(path: csv)) }
  }

  Benchmark("StoreAggregatePrefecture2Threads") { benchmark in
    for _ in benchmark.scaledIterations { blackHole(try StoreReader(path: store).aggregate(level: .prefecture, threads: 2)) }
  }

  Benchmark("StoreIngestCanonical") { benchmark in
    let reader = MoveRecordReader(options: .init(threads: 2, catalog: catalog))
    for _ in benchmark.scaledIterations {
      let out = try OutputWriter(path: store + ".bench")
      let b = try StoreBuilder(writingTo: out, threads: 2)
      blackHole(try reader.ingest(.file(csv), into: b))
      try b.finish()
      try out.close()
    }
  }

  Benchmark("CRC32COneMegabyte") { benchmark in
    let bytes = [UInt8](repeating: 0x5A, count: 1 << 20)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { blackHole(bytes.withUnsafeBytes { CRC32C.checksum($0) }) }
  }

  Benchmark("LineEndsSWAR") { benchmark in
    let file = try MappedFile(path: csv)
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      blackHole(file.withUnsafeBytes { b in
        ByteScan.countLines(b.bindMemory(to: UInt8.self).baseAddress!, from: 0, end: b.count)
      })
    }
  }
}
