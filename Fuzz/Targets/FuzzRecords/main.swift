import CFuzzDriver
@_spi(Benchmarks) import IdouIngest

/// The move-record reader on any bytes: every plan (the plan is chosen from the bytes), 1 and 3 threads, both
/// levels, rejects kept. It must return or throw; every row read is used or rejected, and the thread count never
/// changes the result. Then the chosen plan against the general parser (the reference): the same records, every
/// field (ages and nationalities too), the same counts and the same rejects.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for level in MoveRecordReader.Level.allCases {
    var tables: [MoveTable] = []
    for threads in [1, 3] {
      let reader = MoveRecordReader(options: .init(threads: threads, level: level))
      guard let (table, report) = try? reader.aggregate(.bytes(bytes, name: "fuzz.csv")) else { continue }
      if report.rowsRead != report.rowsUsed + report.rowsRejected { fatalError("read ≠ used + rejected") }
      tables.append(table)
    }
    if tables.count == 2 && tables[0] != tables[1] { fatalError("the thread count changed the table") }
  }
  var general = MoveRecordReader.Options(threads: 2)
  general.plan = .general
  let chosen = try? MoveRecordReader(options: .init(threads: 2)).records(.bytes(bytes, name: "fuzz.csv"))
  let reference = try? MoveRecordReader(options: general).records(.bytes(bytes, name: "fuzz.csv"))
  if (chosen == nil) != (reference == nil) { fatalError("one plan threw, the other did not") }
  if let c = chosen, let r = reference {
    if c.records != r.records { fatalError("the plan changed the records") }
    if c.report.rowsRead != r.report.rowsRead || c.report.rowsUsed != r.report.rowsUsed { fatalError("the plan changed the counts") }
    if c.rejects.map({ "\($0.line):\($0.column):\($0.reason)" }) != r.rejects.map({ "\($0.line):\($0.column):\($0.reason)" }) {
      fatalError("the plan changed the rejects")
    }
  }
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
