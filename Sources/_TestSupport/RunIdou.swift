#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One run of the built `idou`: what it wrote and how it ended.
public struct IdouRun: Sendable {
  public var status: Int32
  /// The signal that ended the process, if one did.
  public var signal: Int32?
  public var out: String
  public var err: String
  public var outBytes: [UInt8]
}

/// What the child's standard input is.
public enum StandardInput: Sendable {
  /// /dev/null.
  case none
  /// These bytes, through a pipe.
  case bytes([UInt8])
  /// A file opened for reading.
  case file(String)
  /// Closed (`<&-`).
  case closed
}

/// What the child's standard output is.
public enum StandardOutputTarget: Sendable {
  /// Captured (a file in the run's directory, read back).
  case capture
  /// Closed (`>&-`).
  case closed
  /// This file or device, opened for writing (`/dev/full`).
  case file(String)
  /// A pipe whose reader reads `bytes` bytes and then closes it (`| head -c N`).
  case pipeClosedAfter(Int)
}

/// The `idou` executable built with the running tests: next to the test bundle (`.build/debug/idou`, or the
/// sanitizer build's own under scripts/asan.sh), else this checkout's debug build.
public let idouExecutable: String = {
  var buffer = [CChar](repeating: 0, count: 4096)
  let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  if n > 0 {
    let exe = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var dir = String(exe[..<(exe.lastIndex(of: "/") ?? exe.endIndex)])
    // On Linux the tests run from `…/debug/NAMEPackageTests.xctest`; the bundle may also be a directory.
    if dir.hasSuffix(".xctest") { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
    if access(dir + "/idou", X_OK) == 0 { return dir + "/idou" }
  }
  return repositoryRoot + "/.build/debug/idou"
}()

/// Runs `idou` with `arguments` in `directory` (default: the repository) and returns its exit status, signal and
/// outputs. The shell only changes directory: file names reach idou exactly as given. `environment` adds to
/// the test's environment, `unsetting` removes from it; `executable` runs another copy of the binary.
public func runIdou(_ arguments: [String], in directory: String? = nil, stdin: StandardInput = .none,
                    stdout: StandardOutputTarget = .capture, environment: [String: String] = [:],
                    unsetting: [String] = [], executable: String = idouExecutable) -> IdouRun {
  // A binary a test has just copied can be "busy" for a moment: a child forked by a parallel test may still hold
  // the copy's write descriptor until its own exec. The shell then exits 126; try again shortly (for up to 10 s:
  // under AddressSanitizer and --parallel, 1 s was not always enough).
  for attempt in 0..<100 {
    let r = runIdouOnce(arguments, in: directory, stdin: stdin, stdout: stdout, environment: environment,
                        unsetting: unsetting, executable: executable)
    guard r.status == 126, r.err.contains("busy"), attempt < 99 else { return r }
    usleep(100_000)
  }
  fatalError("unreachable")
}

private func runIdouOnce(_ arguments: [String], in directory: String?, stdin: StandardInput,
                         stdout: StandardOutputTarget, environment: [String: String],
                         unsetting: [String], executable: String) -> IdouRun {
  let work = temporaryDirectory("idou-run")
  defer { removeTree(work) }
  let outPath = work + "/stdout", errPath = work + "/stderr"
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  var closeInParent: [Int32] = []

  var inputPipe: [Int32] = [-1, -1]
  switch stdin {
  case .none: posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  case .file(let path): posix_spawn_file_actions_addopen(&actions, 0, path, O_RDONLY, 0)
  case .closed: posix_spawn_file_actions_addclose(&actions, 0)
  case .bytes:
    _ = pipe(&inputPipe)
    posix_spawn_file_actions_adddup2(&actions, inputPipe[0], 0)
    posix_spawn_file_actions_addclose(&actions, inputPipe[0])
    posix_spawn_file_actions_addclose(&actions, inputPipe[1])
    closeInParent.append(inputPipe[0])
  }
  var outputPipe: [Int32] = [-1, -1]
  switch stdout {
  case .capture: posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  case .closed: posix_spawn_file_actions_addclose(&actions, 1)
  case .file(let path): posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY, 0)
  case .pipeClosedAfter:
    _ = pipe(&outputPipe)
    posix_spawn_file_actions_adddup2(&actions, outputPipe[1], 1)
    posix_spawn_file_actions_addclose(&actions, outputPipe[0])
    posix_spawn_file_actions_addclose(&actions, outputPipe[1])
    closeInParent.append(outputPipe[1])
  }
  posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)

  var env = environment
  var i = 0
  while let entry = environ[i] {
    let pair = String(cString: entry)
    if let eq = pair.firstIndex(of: "="), env[String(pair[..<eq])] == nil, !unsetting.contains(String(pair[..<eq])) {
      env[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
    }
    i += 1
  }
  // `sh -c 'cd DIR && exec idou "$@"'`: the shell only changes directory; the arguments pass through untouched.
  let shell = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory ?? repositoryRoot, executable] + arguments
  let argv: [UnsafeMutablePointer<CChar>?] = shell.map { strdup($0) } + [nil]
  let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer { for p in argv + envp { free(p) } }
  var pid: pid_t = 0
  guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp) == 0 else {
    return IdouRun(status: -1, signal: nil, out: "", err: "cannot run \(executable)", outBytes: [])
  }
  for fd in closeInParent { close(fd) }
  if case .bytes(let bytes) = stdin {
    // Ignore SIGPIPE here: idou may stop reading early.
    let old = signal(SIGPIPE, SIG_IGN)
    bytes.withUnsafeBytes { b in
      var done = 0
      while done < b.count {
        let n = write(inputPipe[1], b.baseAddress! + done, b.count - done)
        if n <= 0 { break }
        done += n
      }
    }
    close(inputPipe[1])
    signal(SIGPIPE, old)
  }
  var piped: [UInt8] = []
  if case .pipeClosedAfter(let limit) = stdout {
    var buf = [UInt8](repeating: 0, count: max(limit, 1))
    while piped.count < limit {
      let n = read(outputPipe[0], &buf, limit - piped.count)
      if n <= 0 { break }
      piped += buf[0..<n]
    }
    close(outputPipe[0])
  }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
  let signalled = (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
  let outBytes: [UInt8]
  if case .pipeClosedAfter = stdout { outBytes = piped } else { outBytes = fileBytes(outPath) ?? [] }
  return IdouRun(status: signalled ? 128 + (status & 0x7F) : (status >> 8) & 0xFF,
                 signal: signalled ? status & 0x7F : nil,
                 out: String(decoding: outBytes, as: UTF8.self), err: fileText(errPath), outBytes: outBytes)
}

/// Removes a directory tree made by a test (`rm -rf`, without a shell).
public func removeTree(_ path: String) {
  var st = stat()
  guard lstat(path, &st) == 0 else { return }
  if (st.st_mode & S_IFMT) == S_IFDIR {
    for name in directoryEntries(path) { removeTree(path + "/" + name) }
    rmdir(path)
  } else {
    unlink(path)
  }
}
