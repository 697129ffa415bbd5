import CFuzzDriver
import FuzzSupport

/// Wide origin–destination matrices (names or codes, `-` on the diagonal, thousands separators).
let targets = layouts(named: ["wide origin–destination matrix"])

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  fuzz(targets, data, size)
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
