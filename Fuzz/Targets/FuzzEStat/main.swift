import CFuzzDriver
import IdouIngest

/// e-Stat database downloads and API CSV, as saved (UTF-8 or CP932): decode, then read every scope.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  if let (text, encoding) = try? TextEncoding.utf8(bytes, file: "fuzz.csv") {
    _ = try? EStatReader().read(bytes: text, file: "fuzz.csv", encoding: encoding)
  }
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
