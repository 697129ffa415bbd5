import IdouCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole small files (tables, region sets, e-Stat downloads) as bytes. Record files go through the
/// memory-mapped chunked reader instead.
public enum InputFile {
  /// The bytes of a file, with a UTF-8 byte-order mark removed.
  /// - Throws: `InputFileError` (`.missing` when there is no such file).
  public static func bytes(_ path: String) throws(InputFileError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      let e = errno
      throw InputFileError(path: path, kind: e == ENOENT ? .missing : .unreadable, detail: String(cString: strerror(e)))
    }
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        throw InputFileError(path: path, kind: .unreadable, detail: String(cString: strerror(errno)))
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
    }
    if out.starts(with: [0xEF, 0xBB, 0xBF]) { out.removeFirst(3) }
    return out
  }

  /// The text of a UTF-8 file.
  /// - Throws: `InputFileError`, or `DataError` when the file is not valid UTF-8.
  public static func text(_ path: String) throws -> String {
    let b = try bytes(path)
    guard let s = String(validating: b, as: UTF8.self) else {
      throw DataError(file: path, line: 0, column: 0, reason: "not valid UTF-8 text")
    }
    return s
  }
}
