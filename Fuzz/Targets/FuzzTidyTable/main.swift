import CFuzzDriver
import FuzzSupport

/// Tidy tables `period,scope,from,to,sex,count` (what `idou tidy` writes).
let targets = layouts(named: ["tidy table"])

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(targets, data, size)
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
