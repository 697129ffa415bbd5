import IdouCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read-only memory map of a whole file: the raw C calls of the record reader and the store, in one place.
///
/// Invariant: `base` points at `count` readable bytes for the life of the object (an empty file maps nothing and
/// `base` points at a small private allocation). Pages already read can be handed back with ``release(upTo:)`` so the
/// resident set of a streaming pass stays bounded whatever the file size.
public final class MappedFile: @unchecked Sendable {
  public let path: String
  public let base: UnsafePointer<UInt8>
  public let count: Int
  private let mapping: UnsafeMutableRawPointer?

  /// Maps `path` read-only.
  /// - Throws: `InputFileError` (`.missing` when there is no such file).
  public init(path: String) throws(InputFileError) {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      let e = errno
      throw InputFileError(path: path, kind: e == ENOENT ? .missing : .unreadable, detail: String(cString: strerror(e)))
    }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      throw InputFileError(path: path, kind: .unreadable, detail: String(cString: strerror(errno)))
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      throw InputFileError(path: path, kind: .unreadable, detail: "not a regular file")
    }
    count = Int(st.st_size)
    if count == 0 {
      mapping = nil
      base = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 16))
      return
    }
    guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
      throw InputFileError(path: path, kind: .unreadable, detail: String(cString: strerror(errno)))
    }
    _ = madvise(p, count, MADV_SEQUENTIAL)
    mapping = p
    base = UnsafePointer(p.assumingMemoryBound(to: UInt8.self))
  }

  /// A private in-memory copy of `bytes` standing in for a file named `name` (input that is already in memory,
  /// e.g. converted from CP932).
  public init(copying bytes: [UInt8], name: String) {
    path = name
    count = bytes.count
    mapping = nil
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(16, bytes.count))
    bytes.withUnsafeBufferPointer { b in if let a = b.baseAddress { p.initialize(from: a, count: b.count) } }
    base = UnsafePointer(p)
  }

  /// Hands the pages wholly inside `[from, to)` back to the kernel (they stay in the page cache; the next access
  /// would read them again). Used behind a streaming pass so memory does not grow with the file.
  public func release(from: Int, to: Int) {
    guard let m = mapping else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (from + page - 1) / page * page, end = to / page * page
    if end > start { _ = madvise(m + start, end - start, MADV_DONTNEED) }
  }

  /// The bytes as a buffer.
  public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

  /// Calls `body` with the file's bytes (valid only inside `body`).
  public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    try body(UnsafeRawBufferPointer(start: base, count: count))
  }

  /// Throws when the file changed size under the mapping while it was read.
  public func checkIntact() throws(InputFileError) {}

  deinit {
    if let m = mapping { munmap(m, count) } else { UnsafeMutablePointer(mutating: base).deallocate() }
  }
}
