/// A scratch file for bytes set aside until they can be sent in order (a store written at offsets to a stream, see
/// ``OutputWriter/reserve(_:)``): unnamed, so it holds data while open and leaves nothing behind however the
/// process ends (no name to clean up after SIGKILL).
///
///     let spill = try SpillFile(near: "moves.idou")
///     spill.extend(to: 100)
///     try spill.write(bytes, at: 40)
///     try spill.read(at: 40, into: buffer)
final class SpillFile {
  private let descriptor: Int32
  /// Bytes set aside so far.
  private(set) var count = 0
  private let name: String

  /// A scratch file in the directory of `path` (so it is on the disk the result goes to), else in `$TMPDIR`.
  /// - Throws: `FileError` when neither directory takes one.
  init(near path: String) throws(FileError) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
    var (fd, e) = system_openUnnamed(directory)
    if fd < 0 { (fd, e) = system_openUnnamed(system_temporaryDirectory()) }
    guard fd >= 0 else { throw FileError(path: directory, kind: .unwritable, errno: e) }
    descriptor = fd
    name = "a scratch file in \(directory)"
  }

  /// Sets aside everything up to `end` (no-op when already set aside), to be filled by ``write(_:at:)`` (from
  /// several threads at once, if they write distinct bytes).
  func extend(to end: Int) { count = max(count, end) }

  /// Writes `bytes` at `offset`, inside what ``extend(to:)`` set aside.
  func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FileError) {
    precondition(offset >= 0 && offset + bytes.count <= count, "write inside the reserved bytes")
    guard let p = bytes.baseAddress, bytes.count > 0 else { return }
    let e = system_pwriteAll(descriptor, p, bytes.count, offset)
    guard e == 0 else { throw FileError(path: name, kind: .unwritable, errno: e) }
  }

  /// Reads `buffer.count` bytes at `offset` (which must have been written).
  func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FileError) {
    guard let p = buffer.baseAddress, buffer.count > 0 else { return }
    var done = 0
    while done < buffer.count {
      let (n, e) = system_pread(descriptor, p + done, buffer.count - done, offset + done)
      guard e == 0 else { throw FileError(path: name, kind: .unreadable, errno: e) }
      guard n > 0 else { throw FileError(path: name, kind: .unreadable, reason: "shorter than written") }
      done += n
    }
  }

  /// Calls `body` with the bytes of `range` (written before), mapped read-only for the call.
  func withBytes<R>(in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
    try withMappedDescriptor(descriptor, range, name: name, body)
  }

  /// Hands the first `count` bytes to `out` in order, 1 MiB at a time; returns the first failure (a read's, or
  /// what `out` returned).
  func copy(count: Int, _ out: (UnsafeRawBufferPointer) -> FileError?) -> FileError? {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var done = 0
    while done < count {
      let k = min(buffer.count, count - done)
      let e: FileError? = buffer.withUnsafeMutableBytes { b in
        let part = UnsafeMutableRawBufferPointer(rebasing: b[0..<k])
        do throws(FileError) { try read(at: done, into: part) } catch { return error }
        return out(UnsafeRawBufferPointer(part))
      }
      if let e { return e }
      done += k
    }
    return nil
  }

  deinit { _ = system_close(descriptor) }
}

/// Calls `body` with the bytes of `range` of the file open at `fd` (readable), mapped read-only for the call and
/// unmapped after it (so a caller walking a large file window by window keeps its resident memory to a window).
func withMappedDescriptor<R>(_ fd: Int32, _ range: Range<Int>, name: String,
                             _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
  guard !range.isEmpty else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
  let start = range.lowerBound / system_pageSize() * system_pageSize(), count = range.upperBound - start
  let (p, e) = system_mapFile(fd, count, offset: start)
  guard let p else { throw FileError(path: name, kind: .unreadable, errno: e) }
  defer { system_unmap(p, count) }
  return try body(UnsafeRawBufferPointer(start: p + (range.lowerBound - start), count: range.count))
}
