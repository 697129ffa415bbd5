import CFuzzDriver
import IdouIngest

/// The move-record reader on any bytes: every plan (the plan is chosen from the bytes), 1 and 3 threads, both
/// levels, rejects kept. It must return or throw; every row read is used or rejected, and the thread count never
/// changes the result.
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
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
