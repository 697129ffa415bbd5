/// One input, read as a stream: a file, a pipe, a device, or standard input for `-`.
///
/// Pipes and standard input cannot be mapped or read twice, so every reader that accepts them reads through
/// ``read(into:)`` (or ``readAll()`` for the small tables). A regular file can also be read at an offset
/// (``read(at:into:)``), which the parallel record reader uses: a file that shrinks while it is read then gives a
/// short read, never a signal.
///
///     let input = try InputSource(path: "-")          // standard input
///     let bytes = try input.readAll()
public final class InputSource {
  /// The name standard input goes by in messages (`(standard input):3:4: …`), as grep says it.
  public static let standardInputName = "(standard input)"

  /// The path as given (`-` for standard input).
  public let path: String
  /// The name for messages: the path, or ``standardInputName``.
  public var name: String { path == "-" ? Self.standardInputName : path }
  /// Whether this is a regular file (which can be read at offsets and has a size).
  public let isRegularFile: Bool
  /// The size of a regular file when it was opened; nil for pipes, devices and standard input that is not a file.
  public let size: Int?
  /// The file's identity (device, inode).
  public let identity: FileIdentity?
  private let descriptor: Int32
  private let ownsDescriptor: Bool

  /// Opens `path` for reading, or standard input for `-`.
  /// - Throws: `FileError` `.missing` when there is no such file, `.unreadable` for a directory or a file that
  ///   cannot be opened.
  public init(path: String) throws(FileError) {
    self.path = path
    if path == "-" {
      descriptor = 0
      ownsDescriptor = false
      if StandardStreams.standardInputWasClosed {
        throw FileError(path: Self.standardInputName, kind: .unreadable, reason: "standard input is closed")
      }
    } else {
      let (fd, e) = system_open(path, system_O_RDONLY | system_O_NOCTTY)
      guard fd >= 0 else { throw FileError(path: path, kind: e == system_ENOENT ? .missing : .unreadable, errno: e) }
      descriptor = fd
      ownsDescriptor = true
    }
    let (status, e) = system_fstat(descriptor)
    guard let status else {
      if ownsDescriptor { _ = system_close(descriptor) }
      throw FileError(path: Self.name(path), kind: .unreadable, errno: e)
    }
    if status.kind == .directory {
      if ownsDescriptor { _ = system_close(descriptor) }
      throw FileError(path: path, kind: .unreadable, reason: "it is a directory")
    }
    isRegularFile = status.kind == .regular
    size = isRegularFile ? status.size : nil
    identity = FileIdentity(status)
  }

  private static func name(_ path: String) -> String { path == "-" ? standardInputName : path }

  /// Reads the next bytes into `buffer`; returns how many (0 at the end of the input).
  public func read(into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    let (n, e) = system_read(descriptor, base, buffer.count)
    guard e == 0 else { throw FileError(path: name, kind: .unreadable, errno: e) }
    return n
  }

  /// Reads up to `buffer.count` bytes at `offset` of a regular file (fewer at its end, 0 past it). A file that
  /// shrank since it was opened gives a short read here, which the caller reports; nothing is mapped.
  public func read(at offset: Int, into buffer: UnsafeMutableRawBufferPointer) throws(FileError) -> Int {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
    var done = 0
    while done < buffer.count {
      let (n, e) = system_pread(descriptor, base + done, buffer.count - done, offset + done)
      guard e == 0 else { throw FileError(path: name, kind: .unreadable, errno: e) }
      if n == 0 { break }
      done += n
    }
    return done
  }

  /// Reads the whole input (the rest of it, for a stream).
  public func readAll() throws(FileError) -> [UInt8] {
    var out: [UInt8] = []
    if let size { out.reserveCapacity(size) }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let (n, e) = chunk.withUnsafeMutableBytes { b in system_read(descriptor, b.baseAddress!, b.count) }
      guard e == 0 else { throw FileError(path: name, kind: .unreadable, errno: e) }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
    }
    return out
  }

  /// The whole of `path` (or of standard input for `-`).
  public static func bytes(_ path: String) throws(FileError) -> [UInt8] {
    try InputSource(path: path).readAll()
  }

  deinit {
    if ownsDescriptor { _ = system_close(descriptor) }
  }
}
