/// Where every byte idou writes goes: standard output, or a file that is replaced only when the whole output is
/// written.
///
/// A file is written to a temporary file next to it (`NAME.tmp-PID`, so the rename stays on one file system),
/// synced, and renamed over the target by ``close()``: a reader of the target sees the old file or the whole new
/// one, never a part. The writer never replaces an input of the command (``CommandFiles``), never follows or
/// replaces a symbolic link at the target (a link to a device such as `/dev/stdout` or `/dev/null` is written in
/// place, since nothing is replaced), and removes its temporary file on every exit it can: an error, a writer
/// dropped without ``close()``, SIGINT, SIGTERM or SIGHUP. A `NAME.tmp-PID` left by a killed run (SIGKILL, power
/// loss) is removed by the next writer of NAME once no process PID exists.
///
/// Every write is checked. Standard output is buffered and written by ``close()`` at the latest; a pipe whose
/// reader has gone gives `FileError.brokenPipe`, which the command line ends quietly on.
///
///     let out = try OutputWriter(path: "table.csv", avoiding: files)
///     try out.write("month,area\n")
///     try out.close()                       // synced and renamed into place
public final class OutputWriter {
  /// The name standard output goes by in messages.
  public static let standardOutputName = "standard output"

  /// The path as given, or ``standardOutputName``.
  public let name: String
  private let descriptor: Int32
  private let ownsDescriptor: Bool
  /// The file being written in place of `finalPath`, while the writer is open.
  private var temporary: TemporaryFile?
  private let finalPath: String?
  private var buffer: [UInt8] = []
  private var closed = false
  private var descriptorClosed = false
  private var failure: FileError?
  private static let bufferSize = 1 << 16
  /// Bytes written to the file so far, and where the part whose writeback has not been started begins.
  private var written = 0, writebackFrom = 0
  private static let writebackStride = 8 << 20

  /// A writer on standard output (for nil or `-`) or on the file `path`.
  /// - Throws: `FileError` when the target is an input of `files`, a symbolic link to a file, a directory, or
  ///   cannot be created.
  public init(path: String?, avoiding files: CommandFiles = CommandFiles()) throws(FileError) {
    buffer.reserveCapacity(Self.bufferSize)
    guard let path, path != "-" else {
      name = Self.standardOutputName
      descriptor = 1
      ownsDescriptor = false
      finalPath = nil
      if let input = files.standardOutputIsAnInput() {
        throw FileError(path: name, kind: .outputIsInput,
                        reason: "it is the input \(input); idou never writes over an input: choose another file")
      }
      return
    }
    name = path
    ownsDescriptor = true
    switch try Self.target(path, avoiding: files) {
    case .inPlace:
      let (fd, e) = system_open(path, system_O_WRONLY | system_O_NOCTTY)
      guard fd >= 0 else { throw FileError(path: path, kind: .unwritable, errno: e) }
      descriptor = fd
      finalPath = nil
    case .replace(let mode):
      let tmp = try TemporaryFile(next: path, mode: mode)
      descriptor = tmp.descriptor
      temporary = tmp
      finalPath = path
    }
  }

  /// How a path is written: replaced by a renamed temporary file, or written in place (a device or FIFO).
  enum Target { case replace(mode: UInt32?), inPlace }

  /// Checks `path` as an output of a command that reads `files`.
  static func target(_ path: String, avoiding files: CommandFiles) throws(FileError) -> Target {
    let (linkStatus, e) = system_stat(path, followingLinks: false)
    guard let linkStatus else {
      if e == system_ENOENT { return .replace(mode: nil) }
      throw FileError(path: path, kind: .unwritable, errno: e)
    }
    var status = linkStatus
    if linkStatus.kind == .symbolicLink {
      // A link to a device or FIFO (`/dev/stdout` on a pipe, `/dev/null`) is written through: nothing is replaced.
      guard let target = system_stat(path, followingLinks: true).status,
            [.characterDevice, .fifo, .socket].contains(target.kind)
      else {
        throw FileError(path: path, kind: .outputIsLink,
                        reason: "it is a symbolic link; idou replaces files whole and will not replace a link "
                          + "or write through it: give the path of the file itself")
      }
      status = target
    }
    if let input = files.input(with: FileIdentity(status)) {
      let alias = input == path ? "" : " \(input)"
      throw FileError(path: path, kind: .outputIsInput,
                      reason: "it is the input\(alias); idou never replaces an input: choose another file")
    }
    switch status.kind {
    case .regular:
      guard system_access(path, writable: true) else {
        throw FileError(path: path, kind: .unwritable, reason: "the file is read-only")
      }
      return .replace(mode: status.mode)
    case .characterDevice, .fifo, .socket:
      return .inPlace
    case .directory:
      throw FileError(path: path, kind: .unwritable, reason: "it is a directory")
    default:
      throw FileError(path: path, kind: .unwritable, reason: "it is not a regular file")
    }
  }

  /// Appends text (UTF-8).
  public func write(_ text: String) throws(FileError) {
    var text = text
    if let e = text.withUTF8({ append(UnsafeRawBufferPointer($0)) }) { throw e }
  }

  /// Appends bytes.
  public func write(_ bytes: [UInt8]) throws(FileError) {
    if let e = bytes.withUnsafeBytes({ append($0) }) { throw e }
  }

  /// Appends raw bytes.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
    if let e = append(bytes) { throw e }
  }

  /// Buffers `bytes`, writing the buffer out when full; returns the failure, if any.
  private func append(_ bytes: UnsafeRawBufferPointer) -> FileError? {
    if let failure { return failure }
    precondition(!closed, "OutputWriter used after close()")
    if buffer.count + bytes.count > Self.bufferSize {
      if let e = flushBuffer() { return e }
      if bytes.count >= Self.bufferSize { return writeThrough(bytes) }
    }
    buffer.append(contentsOf: bytes)
    return nil
  }

  /// Writes what is buffered, and for a file syncs it and renames it over the target. Nothing is in place
  /// before this returns; after a failure the target is unchanged and the temporary file is gone.
  public func close() throws(FileError) {
    if let failure { throw failure }
    guard !closed else { return }
    if let e = flushBuffer() { throw e }
    closed = true
    if let tmp = temporary, let finalPath {
      do throws(FileError) {
        try tmp.commit(as: finalPath)
      } catch {
        failure = error
        throw error
      }
      temporary = nil
    } else if ownsDescriptor {
      descriptorClosed = true
      let e = system_close(descriptor)
      if e != 0 { throw fail(e) }
    }
  }

  private func flushBuffer() -> FileError? {
    guard !buffer.isEmpty else { return nil }
    if let e = buffer.withUnsafeBytes({ writeThrough($0) }) { return e }
    buffer.removeAll(keepingCapacity: true)
    return nil
  }

  private func writeThrough(_ bytes: UnsafeRawBufferPointer) -> FileError? {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
    let e = system_writeAll(descriptor, base, bytes.count)
    guard e == 0 else { return fail(e) }
    if temporary != nil {
      // A file that ``close()`` will sync: its disk writes start every 8 MB while the rest is produced, so the sync
      // waits for the tail only (a 90 MB store's sync took 0.11–0.14 s, a quarter of its ingest, when all of it
      // was left to the sync).
      written += bytes.count
      if written - writebackFrom >= Self.writebackStride {
        system_startWriteback(descriptor, writebackFrom, written - writebackFrom)
        writebackFrom = written
      }
    }
    return nil
  }

  /// Records a failure (the writer stays failed; its temporary file is removed) and returns it.
  private func fail(_ code: Int32) -> FileError {
    var error = FileError(path: name, kind: .unwritable, errno: code)
    if finalPath == nil && !ownsDescriptor {
      if code == system_EPIPE { error.kind = .brokenPipe }
      if code == system_EBADF && StandardStreams.standardOutputWasClosed { error.reason = "standard output is closed" }
    }
    failure = error
    temporary = nil  // deinit of the temporary file closes and removes it
    return error
  }

  deinit {
    if !ownsDescriptor {
      // Standard output: what is still buffered goes out if it can (errors were reported by close()).
      if failure == nil && !buffer.isEmpty { _ = flushBuffer() }
    } else if temporary == nil && finalPath == nil && !descriptorClosed {
      _ = system_close(descriptor)
    }
  }
}
