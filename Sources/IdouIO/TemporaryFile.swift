/// The temporary file a replacement is written to: `NAME.tmp-PID` in the target's directory (open for reading
/// too, so that a writer can map what it wrote: the store's checksums are taken that way).
///
/// It is removed when dropped uncommitted, and by the signal handler of ``StandardStreams`` on SIGINT, SIGTERM
/// and SIGHUP. Temporary files of NAME whose process no longer exists (left by SIGKILL or a crash) are removed
/// when the next one is created.
final class TemporaryFile {
  let path: String
  let descriptor: Int32
  private let mode: UInt32?
  private var slot: Int?
  private var open = true

  init(next target: String, mode: UInt32?) throws(FileError) {
    let pid = system_getpid()
    path = target + ".tmp-\(pid)"
    self.mode = mode
    Self.removeStale(of: target)
    var (fd, e) = system_open(path, system_O_RDWR | system_O_CREAT_EXCL_NOFOLLOW, 0o666)
    if fd < 0 && e == system_EEXIST {
      // Named with this process's id, so left by an earlier process that had the same id: not anyone's now.
      _ = system_unlink(path)
      (fd, e) = system_open(path, system_O_RDWR | system_O_CREAT_EXCL_NOFOLLOW, 0o666)
    }
    guard fd >= 0 else { throw FileError(path: target, kind: .unwritable, errno: e) }
    descriptor = fd
    slot = SignalCleanup.register(path)
  }

  /// Syncs the file, gives it the replaced file's permissions, and renames it over `target`.
  func commit(as target: String) throws(FileError) {
    if let mode { system_fchmod(descriptor, mode) }
    var e = system_fsync(descriptor)
    if e == 0 { e = system_close(descriptor) } else { _ = system_close(descriptor) }
    open = false
    if e == 0 { e = system_rename(path, target) }
    guard e == 0 else { throw FileError(path: target, kind: .unwritable, errno: e) }
    unregister()
    // The rename is durable once the directory is synced (a failure here loses nothing already renamed).
    let directory = target.lastIndex(of: "/").map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
    let (dfd, _) = system_open(directory, system_O_RDONLY)
    if dfd >= 0 {
      _ = system_fsync(dfd)
      _ = system_close(dfd)
    }
  }

  private func unregister() {
    if let slot { SignalCleanup.unregister(slot) }
    slot = nil
  }

  deinit {
    if open { _ = system_close(descriptor) }
    if slot != nil {
      _ = system_unlink(path)
      unregister()
    }
  }

  /// Removes `TARGET.tmp-PID` files whose process PID no longer exists.
  static func removeStale(of target: String) {
    let slash = target.lastIndex(of: "/")
    let directory = slash.map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
    let prefix = (slash.map { String(target[target.index(after: $0)...]) } ?? target) + ".tmp-"
    guard let names = system_directoryEntries(directory) else { return }
    for name in names where name.hasPrefix(prefix) {
      let digits = name.dropFirst(prefix.count)
      guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(digits),
            !system_processExists(pid)
      else { continue }
      let stale = slash == nil ? name : directory + "/" + name
      if system_stat(stale, followingLinks: false).status?.kind == .regular { _ = system_unlink(stale) }
    }
  }
}
