import Benchmark
import IdouCore
import IdouIngest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// 200,000 generated records (about 6.7 MB of CSV), written once, read by every benchmark.
let recordCount = 200_000

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
  if let g = try? RecordGenerator.bundled() {
    try? g.write(records: recordCount, seed: 1, to: csv)
    if let (columns, _, _) = try? MoveRecordReader(options: .init(catalog: catalog)).records(path: csv) {
      try? RecordStore.write(columns, to: store)
    }
  }

  for threads in [1, 2] {
    Benchmark("ReadRecordsPrefecture\(threads)Threads") { benchmark in
      let reader = MoveRecordReader(options: .init(threads: threads, catalog: catalog))
      for _ in benchmark.scaledIterations { blackHole(try reader.aggregate(path: csv)) }
    }
  }

  Benchmark("ReadRecordsMunicipality2Threads") { benchmark in
    let reader = MoveRecordReader(options: .init(threads: 2, level: .municipality, catalog: catalog))
    for _ in benchmark.scaledIterations { blackHole(try reader.aggregate(path: csv)) }
  }

  Benchmark("StoreAggregatePrefecture2Threads") { benchmark in
    for _ in benchmark.scaledIterations { blackHole(try StoreReader(path: store).cube(threads: 2)) }
  }

  Benchmark("ByteScanFieldsPerRow") { benchmark in
    let file = try MappedFile(path: csv)
    let commas = UnsafeMutablePointer<Int32>.allocate(capacity: 8)
    defer { commas.deallocate() }
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations {
      var p = 0, fields = 0, lineEnd = 0
      while p < file.count {
        fields &+= ByteScan.fields(file.base, from: p, end: file.count, commas: commas, lineEnd: &lineEnd)
        p = lineEnd + 1
      }
      blackHole(fields)
    }
  }

  Benchmark("MergeCountersSIMD") { benchmark in
    let n = PrefectureCounts.cellsPerMonth * 12
    let a = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), b = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
    a.initialize(repeating: 1)
    b.initialize(repeating: 2)
    defer { a.deallocate(); b.deallocate() }
    benchmark.startMeasurement()
    for _ in benchmark.scaledIterations { Kernels.add(UnsafeBufferPointer(b), into: a) }
    blackHole(a[0])
  }
}
