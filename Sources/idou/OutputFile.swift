import ArgumentParser

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a command's document (SVG, HTML) to a file, or to standard output when no file is given.
enum OutputFile {
  /// Writes `text` to `path` atomically (a temporary file next to it, then rename), or to stdout for `nil`/`-`.
  /// On failure prints one line naming the file and exits 74 (sysexits EX_IOERR).
  static func write(_ text: String, to path: String?) throws {
    guard let path, path != "-" else {
      print(text, terminator: "")
      return
    }
    let temporary = path + ".tmp-\(getpid())"
    guard let f = fopen(temporary, "wb") else {
      printError("idou: \(path): cannot write (\(String(cString: strerror(errno))))")
      throw ExitCode(SysExit.ioError)
    }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    let closed = fclose(f)
    guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      printError("idou: \(path): cannot write (\(reason))")
      throw ExitCode(SysExit.ioError)
    }
  }
}
