import CFuzzDriver
import IdouIngest

/// Any input through the one dispatch (``Inputs``): recognition, encodings, every layout, records in memory.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? Inputs.read(bytes: bytes, file: "fuzz-2025.csv")
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
