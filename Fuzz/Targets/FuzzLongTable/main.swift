import CFuzzDriver
import FuzzSupport

/// Long tables by column names: `month,from,to,sex,count`, `month,area,sex,in,out`, `year,from,to,movers`.
let targets = layouts(named: ["long table"])

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(targets, data, size)
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
