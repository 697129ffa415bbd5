import CFuzzDriver
import IdouIngest

#if canImport(Glibc)
  import Glibc
#endif

/// The store reader on any bytes (written to a file, since a store is memory-mapped): open, verify, aggregate
/// at both levels, read every record. It must return or throw, never trap or read outside the file.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
  guard let data else { return 0 }
  let path = "/tmp/idou-fuzz-store-\(getpid()).idou"
  guard let f = fopen(path, "wb") else { return 0 }
  fwrite(data, 1, size, f)
  fclose(f)
  defer { unlink(path) }
  guard let store = try? StoreReader(path: path) else { return 0 }
  _ = try? store.aggregate(level: .prefecture, threads: 2)
  _ = try? store.aggregate(level: .municipality, threads: 1)
  _ = try? store.records()
  _ = try? store.verify()
  return 0
}

idou_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv) { fuzzOne($0, $1) }
