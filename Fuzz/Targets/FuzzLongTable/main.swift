import CFuzzDriver
import IdouIngest

/// Long tables: `month,from,to,sex,count` and `month,area,sex,in,out`.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? LongTableReader().read(bytes: bytes, file: "fuzz.csv")
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
