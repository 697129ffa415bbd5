import CFuzzDriver
import FuzzSupport

/// e-Stat database downloads and API CSV, as saved (UTF-8 or CP932).
let targets = layouts(named: ["e-Stat database download", "e-Stat API CSV"])

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(targets, data, size)
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
