import CFuzzDriver
import FuzzSupport

/// Counterpart tables `prefecture,year,month,direction,counterpart,counterpart_name,persons`.
let targets = layouts(named: ["counterpart table"])

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(targets, data, size)
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
