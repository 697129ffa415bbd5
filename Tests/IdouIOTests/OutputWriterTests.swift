import IdouIO
import Testing
import _TestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The one output writer: whole files or nothing, never over an input, never through a link.
@Suite("OutputWriter")
struct OutputWriterTests {
  @Test("a file appears only when closed, whole, and no temporary file is left")
  func replacesWhole() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let path = dir + "/out.csv"
    writeFile(path, "old\n")
    let out = try OutputWriter(path: path)
    try out.write("a,b\n")
    // Larger than the buffer, so part of it reaches the temporary file before close().
    let big = [UInt8](repeating: 0x61, count: 200_000)
    try out.write(big)
    #expect(fileText(path) == "old\n")
    #expect(directoryEntries(dir).count == 2)
    try out.close()
    #expect(fileBytes(path) == Array("a,b\n".utf8) + big)
    #expect(directoryEntries(dir) == ["out.csv"])
  }

  @Test("a writer dropped without close() leaves the target as it was and removes its temporary file")
  func droppedWriterCleansUp() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let path = dir + "/out.csv"
    writeFile(path, "old\n")
    do {
      let out = try OutputWriter(path: path)
      try out.write("new\n")
    }
    #expect(fileText(path) == "old\n")
    #expect(directoryEntries(dir) == ["out.csv"])
  }

  @Test("an input is refused as an output, also through a symbolic link and a hard link")
  func refusesInputs() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let input = dir + "/in.csv"
    writeFile(input, "precious\n")
    symlink(input, dir + "/soft.csv")
    link(input, dir + "/hard.csv")
    var files = CommandFiles()
    try files.input(input)
    for target in [input, dir + "/hard.csv", dir + "/./in.csv"] {
      #expect(throws: FileError.self) { try OutputWriter(path: target, avoiding: files) }
      do { _ = try OutputWriter(path: target, avoiding: files) } catch { #expect(error.kind == .outputIsInput) }
    }
    do { _ = try OutputWriter(path: dir + "/soft.csv", avoiding: files) } catch { #expect(error.kind == .outputIsLink) }
    #expect(fileText(input) == "precious\n")
    #expect(directoryEntries(dir) == ["hard.csv", "in.csv", "soft.csv"])
  }

  @Test("a symbolic link at the target is neither replaced nor written through")
  func refusesLinks() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/target.txt", "precious\n")
    symlink(dir + "/target.txt", dir + "/link.csv")
    symlink(dir + "/nowhere.txt", dir + "/dangling.csv")
    for name in ["link.csv", "dangling.csv"] {
      do {
        _ = try OutputWriter(path: dir + "/" + name)
        Issue.record("\(name) accepted")
      } catch {
        #expect(error.kind == .outputIsLink)
        #expect(error.exitCode == 64)
      }
    }
    #expect(fileText(dir + "/target.txt") == "precious\n")
    #expect(!fileExists(dir + "/nowhere.txt"))
  }

  @Test("a link to a device is written in place, the device and the link stay what they were")
  func devicesInPlace() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    symlink("/dev/null", dir + "/null-link")
    for target in ["/dev/null", dir + "/null-link"] {
      let out = try OutputWriter(path: target)
      try out.write("nothing\n")
      try out.close()
    }
    var st = stat()
    #expect(stat("/dev/null", &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR)
    #expect(lstat(dir + "/null-link", &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK)
  }

  @Test("bytes written at reserved offsets land there: in a file, and in a stream (gathered, then sent in order)")
  func writesAtOffsets() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    /// "head", six reserved bytes filled out of order after "tail" is written behind them.
    func fill(_ out: OutputWriter) throws -> [UInt8] {
      try out.write("head")
      let at = try out.reserve(6)
      try out.write("tail")
      #expect(out.position == 14)
      try Array("?!".utf8).withUnsafeBytes { try out.write(UnsafeRawBufferPointer(rebasing: $0[1...]), at: at + 5) }
      try Array("hello".utf8).withUnsafeBytes { try out.write($0, at: at) }
      let seen = try out.withWrittenBytes(in: 0..<14) { Array($0) }
      #expect(try out.withWrittenBytes(in: 4..<9) { Array($0) } == Array("hello".utf8))
      try out.close()
      return seen
    }
    let expected = Array("headhello!tail".utf8)
    let path = dir + "/out.bin"
    #expect(try fill(try OutputWriter(path: path)) == expected)
    #expect(fileBytes(path) == expected)
    #expect(directoryEntries(dir) == ["out.bin"])
    // A FIFO is a stream: what it receives, read on another thread.
    let fifo = dir + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let received = Received()
    var reader = pthread_t()
    let context = Unmanaged.passRetained(ReaderContext(path: fifo, into: received)).toOpaque()
    #expect(pthread_create(&reader, nil, { raw in
      let c = Unmanaged<ReaderContext>.fromOpaque(raw!).takeRetainedValue()
      let fd = open(c.path, O_RDONLY)
      var buffer = [UInt8](repeating: 0, count: 4096)
      while fd >= 0 {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        c.into.bytes += buffer[0..<n]
      }
      close(fd)
      return nil
    }, context) == 0)
    #expect(try fill(try OutputWriter(path: fifo)) == expected)
    pthread_join(reader, nil)
    #expect(received.bytes == expected)
    // A full device: the gathered bytes cannot be sent, and close() says so.
    #expect(throws: FileError.self) { _ = try fill(try OutputWriter(path: "/dev/full")) }
  }

  final class Received: @unchecked Sendable { var bytes: [UInt8] = [] }
  final class ReaderContext {
    let path: String, into: Received
    init(path: String, into: Received) { self.path = path; self.into = into }
  }

  @Test("a full device is a write error that names the file and says why")
  func fullDevice() throws {
    let out = try OutputWriter(path: "/dev/full")
    do {
      try out.write([UInt8](repeating: 0, count: 100_000))
      try out.close()
      Issue.record("writing /dev/full succeeded")
    } catch {
      #expect(error.kind == .unwritable)
      #expect(error.description == "cannot write /dev/full (No space left on device)")
    }
  }

  @Test("a directory, a missing directory and a read-only file are refused before anything is written")
  func unwritableTargets() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/ro.csv", "keep\n")
    chmod(dir + "/ro.csv", 0o444)
    let cases = [(dir, "it is a directory"), (dir + "/no/such/x.csv", "No such file or directory")]
      + (getuid() == 0 ? [] : [(dir + "/ro.csv", "the file is read-only")])
    for (path, reason) in cases {
      do {
        _ = try OutputWriter(path: path)
        Issue.record("\(path) accepted")
      } catch {
        #expect(error.reason == reason)
        #expect(error.exitCode == 74)
      }
    }
    #expect(fileText(dir + "/ro.csv") == "keep\n")
  }

  @Test("a temporary file of a process that no longer exists is removed; one of a live process is kept")
  func staleTemporaryFiles() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    // pid 1 always exists; a pid above the kernel's maximum (4,194,304) never does.
    writeFile(dir + "/out.csv.tmp-1", "live")
    writeFile(dir + "/out.csv.tmp-99999999", "stale")
    writeFile(dir + "/other.csv.tmp-99999999", "not ours")
    let out = try OutputWriter(path: dir + "/out.csv")
    try out.write("x\n")
    try out.close()
    #expect(directoryEntries(dir) == ["other.csv.tmp-99999999", "out.csv", "out.csv.tmp-1"])
  }

  @Test("the replaced file keeps its permissions")
  func keepsMode() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let path = dir + "/out.csv"
    writeFile(path, "old\n")
    chmod(path, 0o640)
    let out = try OutputWriter(path: path)
    try out.write("new\n")
    try out.close()
    var st = stat()
    #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o640)
  }
}

@Suite("CommandFiles")
struct CommandFilesTests {
  @Test("the same input twice is refused by identity, whatever the path")
  func duplicateInputs() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/a.csv", "x\n")
    symlink(dir + "/a.csv", dir + "/b.csv")
    for second in [dir + "/a.csv", dir + "/b.csv", dir + "/../" + (dir.split(separator: "/").last.map(String.init) ?? "") + "/a.csv"] {
      var files = CommandFiles()
      try files.input(dir + "/a.csv")
      do {
        try files.input(second)
        Issue.record("\(second) accepted")
      } catch {
        #expect(error.kind == .duplicateInput)
      }
    }
    var files = CommandFiles()
    try files.input("-")
    do {
      try files.input("-")
      Issue.record("'-' twice accepted")
    } catch {
      #expect(error.description == "(standard input) is given twice ('-' can be read once: give it once)")
    }
    try files.input(dir + "/missing.csv")
    try files.input(dir + "/missing.csv")
  }

  @Test("the same output twice is refused, also when neither exists yet")
  func duplicateOutputs() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    var files = CommandFiles()
    try files.output(dir + "/x.idou")
    do {
      try files.output(dir + "/./x.idou")
      Issue.record("accepted")
    } catch {
      #expect(error.description.hasPrefix("cannot write \(dir)/./x.idou (it is already an output"))
    }
    try files.output(dir + "/y.csv")
    try files.output(nil)
    try files.output("-")
  }
}

@Suite("InputSource")
struct InputSourceTests {
  @Test("files, missing files and directories")
  func files() throws {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/a.csv", "abc")
    let a = try InputSource(path: dir + "/a.csv")
    #expect(a.isRegularFile && a.size == 3)
    #expect(try a.readAll() == Array("abc".utf8))
    var buffer = [UInt8](repeating: 0, count: 8)
    #expect(try buffer.withUnsafeMutableBytes { try a.read(at: 1, into: $0) } == 2)
    #expect(buffer.prefix(2) == [0x62, 0x63])
    do { _ = try InputSource(path: dir + "/none") } catch { #expect(error.kind == .missing && error.exitCode == 66) }
    do { _ = try InputSource(path: dir) } catch { #expect(error.description == "cannot read \(dir) (it is a directory)") }
  }

  @Test("a pipe is read as a stream, to its end")
  func pipes() throws {
    var fds: [Int32] = [0, 0]
    #expect(pipe(&fds) == 0)
    let text = Array(String(repeating: "0123456789", count: 5000).utf8)
    let writer = fds[1]
    let t = Thread { _ = text.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }; close(writer) }
    let input = try InputSource(path: "/proc/self/fd/\(fds[0])")
    #expect(!input.isRegularFile && input.size == nil)
    #expect(try input.readAll() == text)
    t.join()
    close(fds[0])
  }
}

/// A thread for the tests (pthread, no Foundation).
final class Thread: @unchecked Sendable {
  private var id = pthread_t()
  private let body: () -> Void

  init(_ body: @escaping () -> Void) {
    self.body = body
    let box = Unmanaged.passRetained(self).toOpaque()
    pthread_create(&id, nil, { p in
      let t = Unmanaged<Thread>.fromOpaque(p!).takeRetainedValue()
      t.body()
      return nil
    }, box)
  }

  func join() { pthread_join(id, nil) }
}

@Suite("TerminalText")
struct TerminalTextTests {
  @Test("control characters become escapes; Japanese and plain text stay as they are")
  func escapes() {
    #expect(TerminalText.escaped("date\u{1B}]0;pwned\u{07}\u{1B}[2J") == "date\\u{1B}]0;pwned\\u{07}\\u{1B}[2J")
    #expect(TerminalText.escaped("JP\r") == "JP\\r")
    #expect(TerminalText.escaped("a\tb\nc\u{7F}\u{85}") == "a\\tb\\nc\\u{7F}\\u{85}")
    #expect(TerminalText.escaped("熊本県 転入 ▲2,333") == "熊本県 転入 ▲2,333")
  }
}
