/// A file of idou's own in the temporary directory, for a library that writes only by file name (libxlsxwriter
/// 1.1 has no memory output): created empty and exclusively (`$TMPDIR/idou-PID-N.SUFFIX`), read back whole, and
/// removed when dropped or on SIGINT, SIGTERM and SIGHUP. What it holds then goes out through ``OutputWriter``
/// like any other output, so a workbook gets the same checks (never over an input, replaced only when complete).
///
///     let scratch = try ScratchFile(suffix: "xlsx")
///     try workbook.write(to: scratch.path)
///     try Output.write(try scratch.readAll(), to: path)
public final class ScratchFile {
  public let path: String
  private var slot: Int?
  nonisolated(unsafe) private static var counter = 0

  /// - Throws: `FileError` when the temporary directory cannot be written.
  public init(suffix: String) throws(FileError) {
    let directory = system_temporaryDirectory()
    let pid = system_getpid()
    while true {
      Self.counter += 1
      let candidate = "\(directory)/idou-\(pid)-\(Self.counter).\(suffix)"
      let (fd, e) = system_open(candidate, system_O_WRONLY | system_O_CREAT_EXCL_NOFOLLOW, 0o600)
      if fd >= 0 {
        _ = system_close(fd)
        path = candidate
        slot = SignalCleanup.register(candidate)
        return
      }
      guard e == system_EEXIST else { throw FileError(path: candidate, kind: .unwritable, errno: e) }
    }
  }

  /// The file's bytes as written by now.
  public func readAll() throws(FileError) -> [UInt8] {
    try InputSource(path: path).readAll()
  }

  deinit {
    _ = system_unlink(path)
    if let slot { SignalCleanup.unregister(slot) }
  }
}
