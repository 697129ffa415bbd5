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
  /// Bytes written to the file so far (reserved ones included), and where the part whose writeback has not been
  /// started begins.
  private var written = 0, writebackFrom = 0
  private static let writebackStride = 8 << 20
  /// For a stream (standard output, a pipe or device) written at offsets (``reserve(_:)``): the scratch file that
  /// holds the bytes until ``close()`` copies them out in order.
  private var staging: SpillFile?
  /// Whether bytes have gone to the stream itself (it can no longer be written at offsets).
  private var streamed = false
  /// The sync started by ``startSync()``, while it may run.
  private var syncing: DataSyncThread?

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

  // MARK: - Writing at offsets (a store's segments, see StoreBuilder)

  /// Sets aside the next `length` bytes (after everything written so far), to be filled by ``write(_:at:)``;
  /// returns the offset they start at. On a stream (standard output, a pipe) the bytes are gathered in a scratch
  /// file and copied out by ``close()``, so this must come before anything reaches the stream.
  public func reserve(_ length: Int) throws(FileError) -> Int {
    if let failure { throw failure }
    precondition(!closed, "OutputWriter used after close()")
    try stageIfStream()
    if let e = flushBuffer() { throw e }
    let at = written
    written += length
    staging?.extend(to: written)
    return at
  }

  /// Writes `bytes` at `offset`, inside what ``reserve(_:)`` set aside (from several threads, one at a time, for
  /// distinct bytes: a failure closes the file).
  public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(FileError) {
    // After a failure the descriptor is closed (and its number may be another file's): nothing more is written.
    if let failure { throw failure }
    precondition(offset >= 0 && offset + bytes.count <= written, "write inside the reserved bytes")
    guard let p = bytes.baseAddress, bytes.count > 0 else { return }
    if let staging {
      do throws(FileError) { try staging.write(bytes, at: offset) } catch { throw record(error) }
      return
    }
    let e = system_pwriteAll(descriptor, p, bytes.count, offset)
    guard e == 0 else { throw fail(e) }
  }

  /// Starts a sync of everything written so far on a thread of its own, after the previous one (for a file that
  /// ``close()`` will sync; nothing for a stream): the sync of ``close()`` then waits for the rest only. On this
  /// machine's virtual disk a sync costs about 1.2 ms a MB however long ago the bytes were written (the host caches
  /// them until a sync flushes them), so starting the writes early is not enough: a 90 MB store's final sync took
  /// 0.11 s after `sync_file_range` of every segment, 0.03 s after a sync per segment (C test, 18 MB segments).
  public func startSync() throws(FileError) {
    if let failure { throw failure }
    guard temporary != nil else { return }
    if let e = flushBuffer() { throw e }
    if let e = waitForSync() { throw e }
    syncing = DataSyncThread(descriptor)
  }

  /// Waits for the sync ``startSync()`` started, if any; its failure.
  private func waitForSync() -> FileError? {
    guard let s = syncing else { return nil }
    syncing = nil
    let e = s.wait()
    return e == 0 ? nil : fail(e)
  }

  /// A stream (not a file being replaced) gets its scratch file, before any byte has gone to it.
  private func stageIfStream() throws(FileError) {
    guard temporary == nil && staging == nil else { return }
    precondition(!streamed, "bytes are written at offsets before any reaches the stream")
    do throws(FileError) {
      staging = try SpillFile(near: system_temporaryDirectory() + "/")
    } catch { throw record(error) }
  }

  /// Bytes written so far (reserved ones included): the offset the next ``write(_:)`` goes to.
  public var position: Int { written + buffer.count }

  /// Calls `body` with the bytes of `range` (written before), mapped read-only for the call, from the file being
  /// replaced, or a stream's scratch file (after this, as after ``reserve(_:)``, a stream's bytes go out at
  /// ``close()``). Read a large file window by window: each window is unmapped after its call.
  public func withWrittenBytes<R>(in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R {
    if let failure { throw failure }
    try stageIfStream()
    if let e = flushBuffer() { throw e }
    precondition(range.lowerBound >= 0 && range.upperBound <= written, "bytes written before")
    if let staging { return try staging.withBytes(in: range, body) }
    return try withMappedDescriptor(descriptor, range, name: name, body)
  }

  /// Writes what is buffered, and for a file syncs it and renames it over the target. Nothing is in place
  /// before this returns; after a failure the target is unchanged and the temporary file is gone.
  public func close() throws(FileError) {
    if let failure { throw failure }
    guard !closed else { return }
    if let e = flushBuffer() { throw e }
    if let staging {
      // A stream written at offsets: its bytes go out now, in order.
      self.staging = nil
      if let e = staging.copy(count: written, { writeOut($0) }) { throw e }
    }
    if let e = waitForSync() { throw e }
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
    if let staging {
      // A stream being written at offsets: gathered in order in its scratch file.
      staging.extend(to: written + bytes.count)
      do throws(FileError) { try staging.write(bytes, at: written) } catch { return record(error) }
      written += bytes.count
      return nil
    }
    guard temporary != nil else { return writeOut(bytes) }
    // A file: at the offset after everything written or reserved (``write(_:at:)`` uses pwrite, which leaves the
    // descriptor's offset where it was, so every write names its offset).
    let e = system_pwriteAll(descriptor, base, bytes.count, written)
    guard e == 0 else { return fail(e) }
    // Its disk writes start every 8 MB while the rest is produced, so the sync of ``close()`` waits for the tail
    // only (a 90 MB store's sync took 0.11–0.14 s, a quarter of its ingest, when all of it was left to the sync).
    written += bytes.count
    if written - writebackFrom >= Self.writebackStride {
      system_startWriteback(descriptor, writebackFrom, written - writebackFrom)
      writebackFrom = written
    }
    return nil
  }

  /// Writes bytes to the stream or device itself, in order.
  private func writeOut(_ bytes: UnsafeRawBufferPointer) -> FileError? {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
    streamed = true
    let e = system_writeAll(descriptor, base, bytes.count)
    guard e == 0 else { return fail(e) }
    written += bytes.count
    return nil
  }

  /// Records a failure that is not an errno of this writer's descriptor (the scratch file's).
  private func record(_ error: FileError) -> FileError {
    failure = error
    if let s = syncing {
      syncing = nil
      _ = s.wait()
    }
    temporary = nil
    return error
  }

  /// Records a failure (the writer stays failed; its temporary file is removed) and returns it.
  private func fail(_ code: Int32) -> FileError {
    var error = FileError(path: name, kind: .unwritable, errno: code)
    if finalPath == nil && !ownsDescriptor {
      if code == system_EPIPE { error.kind = .brokenPipe }
      if code == system_EBADF && StandardStreams.standardOutputWasClosed { error.reason = "standard output is closed" }
    }
    failure = error
    if let s = syncing {  // (its descriptor stays open until the sync is over)
      syncing = nil
      _ = s.wait()
    }
    temporary = nil  // deinit of the temporary file closes and removes it
    return error
  }

  deinit {
    _ = syncing?.wait()  // before the temporary file's descriptor is closed
    if !ownsDescriptor {
      // Standard output: what is still buffered goes out if it can (errors were reported by close()).
      if failure == nil && !buffer.isEmpty { _ = flushBuffer() }
    } else if temporary == nil && finalPath == nil && !descriptorClosed {
      _ = system_close(descriptor)
    }
  }
}
