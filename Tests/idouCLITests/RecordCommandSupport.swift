#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs the built `idou` (`.build/debug/idou` of this checkout) and returns stdout, stderr and the exit status.
func runRecordsCLI(_ arguments: [String], in directory: String) -> (out: String, err: String, status: Int32) {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  let root = parts.joined(separator: "/")
  let exe = root + "/.build/debug/idou"
  let outPath = directory + "/stdout.txt", errPath = directory + "/stderr.txt"
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  // `sh -c 'cd DIR && exec idou ARGS…'`: runs in the directory so outputs name files as the user typed them.
  let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, exe] + arguments
  let argv: [UnsafeMutablePointer<CChar>?] = shell.map { strdup($0) } + [nil]
  defer { for p in argv { free(p) } }
  var pid: pid_t = 0
  guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, environ) == 0 else { return ("", "cannot run \(exe)", -1) }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return (contents(outPath), contents(errPath), (status >> 8) & 0xFF)
}

func contents(_ path: String) -> String {
  guard let f = fopen(path, "rb") else { return "" }
  defer { fclose(f) }
  var bytes: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    bytes += buf[0..<n]
  }
  return String(decoding: bytes, as: UTF8.self)
}

/// A fresh empty directory under /tmp.
func temporaryDirectory() -> String {
  var template = Array("/tmp/idou-cli-XXXXXX".utf8CString)
  let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  return String(cString: p!)
}

func write(_ text: String, to path: String) {
  let f = fopen(path, "wb")!
  _ = Array(text.utf8).withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
}
