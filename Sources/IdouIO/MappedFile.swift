/// A read-only memory map of a whole file, shaped like swift-nio's `ByteBuffer`: its bytes are reached only inside
/// ``withUnsafeBytes(_:)``, never through a stored pointer.
///
/// A file that shrinks while it is mapped (another process truncates it) would make reads of the lost pages raise
/// SIGBUS. The mapping is registered with a guard (CIdouIO) that maps zeros there instead and remembers it;
/// ``checkIntact()`` then throws, so a reader reports "the file changed while it was read" and writes nothing,
/// at no cost to the reads themselves (measured in the note of issue 12). Pages already read can be handed back
/// with ``release(from:to:)`` so a streaming pass keeps its resident memory bounded whatever the file size.
///
///     let file = try MappedFile(path: "moves.csv")
///     let lines = file.withUnsafeBytes { $0.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }
///     try file.checkIntact()
public final class MappedFile: @unchecked Sendable {
  /// The path as given (or the name of bytes given in memory).
  public let path: String
  /// Bytes in the file when it was mapped.
  public let count: Int
  /// The mapping, or nil for an empty file or bytes in memory (then `memory` holds them).
  private let mapping: UnsafeRawPointer?
  private let memory: UnsafeMutableRawPointer?
  private let guardSlot: Int32
  /// Kept open to ask the file's size again (``checkIntact()``); -1 for bytes in memory.
  private let descriptor: Int32
  /// Where the bytes are (invariant: `count` readable bytes for the life of the object).
  private var base: UnsafeRawPointer { mapping ?? UnsafeRawPointer(memory!) }

  /// Maps `path` read-only.
  /// - Throws: `FileError` (`.missing` when there is no such file, `.unreadable` for a directory, a pipe or a
  ///   device: those are read as streams, see ``InputSource``).
  public init(path: String) throws(FileError) {
    self.path = path
    let (fd, e) = system_open(path, system_O_RDONLY | system_O_NOCTTY)
    guard fd >= 0 else { throw FileError(path: path, kind: e == system_ENOENT ? .missing : .unreadable, errno: e) }
    var keep = false
    defer { if !keep { _ = system_close(fd) } }
    let (status, se) = system_fstat(fd)
    guard let status else { throw FileError(path: path, kind: .unreadable, errno: se) }
    guard status.kind == .regular else {
      throw FileError(path: path, kind: .unreadable,
                      reason: status.kind == .directory ? "it is a directory" : "not a regular file")
    }
    count = status.size
    if count == 0 {
      mapping = nil
      memory = .allocate(byteCount: 16, alignment: 16)
      guardSlot = -1
      descriptor = -1
      return
    }
    let (p, me) = system_mapFile(fd, count)
    guard let p else { throw FileError(path: path, kind: .unreadable, errno: me) }
    system_adviseSequential(p, count)
    mapping = p
    memory = nil
    guardSlot = system_faultGuardRegister(p, count)
    descriptor = fd
    keep = true
  }

  /// A private in-memory copy of `bytes` standing in for a file named `name`.
  public init(copying bytes: [UInt8], name: String) {
    path = name
    count = bytes.count
    mapping = nil
    let m = UnsafeMutableRawPointer.allocate(byteCount: max(16, bytes.count), alignment: 16)
    bytes.withUnsafeBytes { b in if let a = b.baseAddress { m.copyMemory(from: a, byteCount: b.count) } }
    memory = m
    guardSlot = -1
    descriptor = -1
  }

  /// Calls `body` with the file's bytes (valid only inside `body`).
  public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
    try body(UnsafeRawBufferPointer(start: base, count: count))
  }

  /// Hands the pages wholly inside `[from, to)` back to the kernel (they stay in the page cache). Used behind a
  /// streaming pass so memory does not grow with the file.
  public func release(from: Int, to: Int) {
    guard let m = mapping else { return }
    let page = Self.pageSize
    let start = (max(0, from) + page - 1) / page * page, end = min(to, count) / page * page
    if end > start { system_adviseDontNeed(m + start, end - start) }
  }

  /// Throws when the file shrank under the mapping while it was read: its size now is smaller than mapped, or a
  /// read of a lost page raised SIGBUS (the guard then read zeros there). Linux does not always raise the signal
  /// (pages of a large folio past the new end can read as zeros), so the size is asked too.
  public func checkIntact() throws(FileError) {
    let shrank = descriptor >= 0 && (system_fstat(descriptor).status?.size ?? 0) < count
    if shrank || (guardSlot >= 0 && system_faultGuardFaulted(guardSlot)) {
      throw FileError(path: path, kind: .unreadable,
                      reason: "the file changed size while it was read (truncated by another program?); nothing "
                        + "was written: read it again when it is complete")
    }
  }

  public static let pageSize = system_pageSize()

  deinit {
    if let m = mapping {
      if guardSlot >= 0 { system_faultGuardUnregister(guardSlot) }
      system_unmap(m, count)
    }
    if descriptor >= 0 { _ = system_close(descriptor) }
    memory?.deallocate()
  }
}

/// CRC-32C (Castagnoli), the checksum of the binary store: the CPU's CRC32C instruction where there is one
/// (SSE4.2, ARMv8), tables otherwise. It detects every single-bit error and every burst up to 32 bits, which the
/// store's former Fletcher sum did not.
///
///     CRC32C.checksum(Array("123456789".utf8).withUnsafeBytes { $0 })   // 0xE3069283
public enum CRC32C {
  /// The CRC of `bytes`, continuing `crc` (the CRC of what came before; 0 to start).
  @inlinable
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
    guard let p = bytes.baseAddress, bytes.count > 0 else { return crc }
    return update(crc, p, bytes.count)
  }

  @usableFromInline
  static func update(_ crc: UInt32, _ p: UnsafeRawPointer, _ n: Int) -> UInt32 { system_crc32c(crc, p, n) }

  /// The CRC of `bytes` (an even count), continuing `crc`, that also counts each little-endian `UInt16` value `v`
  /// in them: `counts[min(v, counts.count - 1)] &+= 1`. The bytes are read once, so a checked histogram (the
  /// store's cell column) costs about what the histogram alone does: the CRC hides in the count's shadow.
  public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0,
                              counting16 counts: UnsafeMutableBufferPointer<Int32>) -> UInt32 {
    precondition(bytes.count % 2 == 0, "16-bit values: an even number of bytes")
    precondition(counts.count >= 1, "a slot for the values past the others")
    guard let p = bytes.baseAddress, bytes.count > 0 else { return crc }
    return system_crc32cCounting16(crc, p, bytes.count, counts.baseAddress!, UInt32(min(counts.count - 1, 1 << 16)))
  }

  /// Whether the CPU instruction is used.
  public static var usesHardware: Bool { system_crc32cHardware() }
}

/// The number of online processors: the most worker threads that run in parallel.
public enum Processors {
  public static var online: Int { system_processorCount() }
}
