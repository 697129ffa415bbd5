// Every C-library call idou makes for files, pipes, signals and clocks, in one internal file (as swift-system's
// Internals/Syscalls.swift). Calls that can be interrupted by a signal are retried on EINTR here, so no caller
// mistakes an interrupted call for a failure. Nothing outside this file imports Glibc/Darwin for I/O.

#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Musl)
  @preconcurrency import Musl
#elseif canImport(Darwin)
  import Darwin
#endif
import CIdouIO

/// Retries a call while it fails with EINTR; returns its result and the errno of a failure (0 on success).
@inline(__always)
func retryingOnInterrupt<T: FixedWidthInteger>(_ call: () -> T) -> (value: T, errno: Int32) {
  while true {
    let r = call()
    if r >= 0 { return (r, 0) }
    let e = errno
    if e != EINTR { return (r, e) }
  }
}

/// The text of an errno value (`strerror`).
func system_strerror(_ code: Int32) -> String { String(cString: strerror(code)) }

// MARK: - Descriptors

func system_open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o666) -> (fd: Int32, errno: Int32) {
  let r = retryingOnInterrupt { open(path, flags | O_CLOEXEC, mode) }
  return (r.value, r.errno)
}

/// close(2). Not retried: on Linux the descriptor is released even when close reports EINTR.
func system_close(_ fd: Int32) -> Int32 {
  close(fd) == 0 ? 0 : errno
}

func system_read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> (count: Int, errno: Int32) {
  let r = retryingOnInterrupt { read(fd, buffer, count) }
  return (r.value, r.errno)
}

func system_pread(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> (count: Int, errno: Int32) {
  let r = retryingOnInterrupt { pread(fd, buffer, count, off_t(offset)) }
  return (r.value, r.errno)
}

/// Writes all of `count` bytes, looping over short writes. Returns 0 or the errno of the failure.
func system_writeAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int32 {
  var done = 0
  while done < count {
    let r = retryingOnInterrupt { write(fd, buffer + done, count - done) }
    if r.errno != 0 { return r.errno }
    if r.value == 0 { return EIO }
    done += r.value
  }
  return 0
}

func system_fsync(_ fd: Int32) -> Int32 {
  retryingOnInterrupt { fsync(fd) }.errno
}

/// Starts writing `count` bytes from `offset` of a file back to its disk, without waiting (Linux
/// `sync_file_range(SYNC_FILE_RANGE_WRITE)`; nothing elsewhere): the later `fsync` then has less left to wait for.
/// Only a hint: its failure is ignored (the `fsync` reports any error).
func system_startWriteback(_ fd: Int32, _ offset: Int, _ count: Int) {
  _ = idou_start_writeback(fd, Int64(offset), Int64(count))
}

/// `fdatasync(fd)` on a thread of its own, so that the disk takes a file's data (down to the stable storage of a
/// virtual disk, whose host caches writes until a sync flushes them) while the caller goes on. ``wait()`` joins
/// the thread and gives the sync's errno; it must be called before the descriptor is closed.
final class DataSyncThread: @unchecked Sendable {
  private var thread = pthread_t()
  private var result: Int32 = 0
  private let fd: Int32

  /// Starts the sync; nil when no thread can be started (the caller's final sync does the work then).
  init?(_ fd: Int32) {
    self.fd = fd
    let me = Unmanaged.passRetained(self).toOpaque()
    let started = pthread_create(&thread, nil, { raw in
      let me = Unmanaged<DataSyncThread>.fromOpaque(raw!).takeRetainedValue()
      me.result = retryingOnInterrupt { fdatasync(me.fd) }.errno
      return nil
    }, me)
    if started != 0 {
      Unmanaged<DataSyncThread>.fromOpaque(me).release()
      return nil
    }
  }

  /// Waits for the sync; its errno (0 when it succeeded).
  func wait() -> Int32 {
    pthread_join(thread, nil)
    return result
  }
}

/// Whether a descriptor is open (`fcntl(F_GETFD)`).
func system_isOpen(_ fd: Int32) -> Bool { fcntl(fd, F_GETFD) != -1 }

/// Opens /dev/null onto a closed standard descriptor so that later opens cannot take its number.
func system_reopenNull(_ fd: Int32, forWriting: Bool) {
  let r = open("/dev/null", forWriting ? O_WRONLY : O_RDONLY)
  if r >= 0 && r != fd {
    _ = dup2(r, fd)
    close(r)
  }
}

// MARK: - File status

/// What `stat`/`lstat`/`fstat` say about a file, in the few fields idou uses.
struct FileStatus {
  enum Kind { case regular, directory, symbolicLink, characterDevice, blockDevice, fifo, socket, other }
  var kind: Kind
  var device: UInt64
  var inode: UInt64
  var size: Int
  var mode: UInt32

  init(_ st: stat) {
    switch st.st_mode & S_IFMT {
    case S_IFREG: kind = .regular
    case S_IFDIR: kind = .directory
    case S_IFLNK: kind = .symbolicLink
    case S_IFCHR: kind = .characterDevice
    case S_IFBLK: kind = .blockDevice
    case S_IFIFO: kind = .fifo
    case S_IFSOCK: kind = .socket
    default: kind = .other
    }
    device = UInt64(st.st_dev)
    inode = UInt64(st.st_ino)
    size = Int(st.st_size)
    mode = UInt32(st.st_mode)
  }
}

func system_stat(_ path: String, followingLinks: Bool) -> (status: FileStatus?, errno: Int32) {
  var st = stat()
  let r = retryingOnInterrupt { followingLinks ? stat(path, &st) : lstat(path, &st) }
  return r.errno == 0 ? (FileStatus(st), 0) : (nil, r.errno)
}

func system_fstat(_ fd: Int32) -> (status: FileStatus?, errno: Int32) {
  var st = stat()
  let r = retryingOnInterrupt { fstat(fd, &st) }
  return r.errno == 0 ? (FileStatus(st), 0) : (nil, r.errno)
}

// MARK: - Names

func system_rename(_ from: String, _ to: String) -> Int32 {
  retryingOnInterrupt { rename(from, to) }.errno
}

func system_access(_ path: String, writable: Bool) -> Bool {
  access(path, writable ? W_OK : R_OK) == 0
}

func system_fchmod(_ fd: Int32, _ mode: UInt32) {
  _ = retryingOnInterrupt { fchmod(fd, mode_t(mode & 0o7777)) }
}

func system_unlink(_ path: String) -> Int32 {
  retryingOnInterrupt { unlink(path) }.errno
}

/// The names in a directory (without `.` and `..`), or nil when it cannot be listed.
func system_directoryEntries(_ path: String) -> [String]? {
  guard let dir = opendir(path) else { return nil }
  defer { closedir(dir) }
  var names: [String] = []
  // A dirent is only as long as its name (d_reclen): read the name as a C string in place, never the whole
  // 256-byte d_name field (AddressSanitizer caught that overrun).
  let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
  while let entry = readdir(dir) {
    let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
    if name != "." && name != ".." { names.append(name) }
  }
  return names
}

/// `$TMPDIR`, else `/tmp`.
func system_temporaryDirectory() -> String {
  if let dir = getenv("TMPDIR"), dir.pointee != 0 { return String(cString: dir) }
  return "/tmp"
}

/// Whether a descriptor is a terminal.
func system_isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

// MARK: - Processes and signals

func system_getpid() -> Int32 { Int32(getpid()) }

/// Whether a process with this id exists (`kill(pid, 0)`; EPERM means it exists but belongs to someone else).
func system_processExists(_ pid: Int32) -> Bool {
  kill(pid_t(pid), 0) == 0 || errno == EPERM
}

/// Ignores SIGPIPE, so that a write to a closed pipe fails with EPIPE instead of killing the process.
func system_ignoreSIGPIPE() { signal(SIGPIPE, SIG_IGN) }

/// Installs `handler` for SIGINT, SIGTERM and SIGHUP.
func system_onTerminationSignals(_ handler: @convention(c) (Int32) -> Void) {
  for s in [SIGINT, SIGTERM, SIGHUP] { signal(s, handler) }
}

/// Restores the default action of `sig` and raises it again (the process ends as the signal says).
func system_reraise(_ sig: Int32) {
  signal(sig, SIG_DFL)
  raise(sig)
}

/// `unlink` for a signal handler: async-signal-safe, no Swift allocation.
func system_unlinkRaw(_ path: UnsafePointer<CChar>) { unlink(path) }

func system_exit(_ code: Int32) -> Never { exit(code) }

// MARK: - Clocks

/// Seconds on the monotonic clock.
func system_monotonicSeconds() -> Double {
  var t = timespec()
  clock_gettime(CLOCK_MONOTONIC, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

// MARK: - Flag and errno values the safe layer names

let system_O_RDONLY = O_RDONLY
let system_O_WRONLY = O_WRONLY
let system_O_RDWR = O_RDWR
let system_O_CREAT_EXCL_NOFOLLOW = O_CREAT | O_EXCL | O_NOFOLLOW
let system_O_NOCTTY = O_NOCTTY
let system_ENOENT = ENOENT
let system_EPIPE = EPIPE
let system_EEXIST = EEXIST
let system_EISDIR = EISDIR
let system_EBADF = EBADF

// MARK: - Memory maps (the record reader and the store)

/// `mmap` of `count` bytes of a file from `offset` (a multiple of the page size), read-only and private; nil and
/// the errno on failure.
func system_mapFile(_ fd: Int32, _ count: Int, offset: Int = 0) -> (UnsafeRawPointer?, Int32) {
  guard let p = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, off_t(offset)), p != MAP_FAILED else { return (nil, errno) }
  return (UnsafeRawPointer(p), 0)
}

func system_unmap(_ p: UnsafeRawPointer, _ count: Int) { munmap(UnsafeMutableRawPointer(mutating: p), count) }

/// Tells the kernel a mapping is read front to back (read-ahead, early reclaim).
func system_adviseSequential(_ p: UnsafeRawPointer, _ count: Int) {
  _ = madvise(UnsafeMutableRawPointer(mutating: p), count, MADV_SEQUENTIAL)
}

/// Hands the pages of a range back (they stay in the page cache; the next access maps them again).
func system_adviseDontNeed(_ p: UnsafeRawPointer, _ count: Int) {
  _ = madvise(UnsafeMutableRawPointer(mutating: p), count, MADV_DONTNEED)
}

func system_pageSize() -> Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

/// Online processors (the cap on worker threads).
func system_processorCount() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

// MARK: - The C helpers of CIdouIO

func system_crc32c(_ crc: UInt32, _ p: UnsafeRawPointer, _ n: Int) -> UInt32 { idou_crc32c(crc, p, n) }
func system_crc32cCounting16(_ crc: UInt32, _ p: UnsafeRawPointer, _ n: Int, _ counts: UnsafeMutablePointer<Int32>,
                             _ limit: UInt32) -> UInt32 {
  idou_crc32c_counting16(crc, p, n, counts, limit)
}
func system_crc32cHardware() -> Bool { idou_crc32c_hardware() != 0 }
func system_faultGuardRegister(_ p: UnsafeRawPointer, _ n: Int) -> Int32 { idou_fault_guard_register(p, n) }
func system_faultGuardFaulted(_ slot: Int32) -> Bool { idou_fault_guard_faulted(slot) != 0 }
func system_faultGuardUnregister(_ slot: Int32) { idou_fault_guard_unregister(slot) }

// MARK: - Scratch files for runs spilled by a streaming pass

/// An unnamed read-write file in `directory` (a name created exclusively and removed at once): it holds data
/// while its descriptor is open and leaves nothing behind however the process ends.
func system_openUnnamed(_ directory: String) -> (fd: Int32, errno: Int32) {
  let name = directory + "/.idou-spill-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
  let r = retryingOnInterrupt { open(name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600)) }
  if r.value >= 0 { unlink(name) }
  return (r.value, r.errno)
}

func system_pwriteAll(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int, _ offset: Int) -> Int32 {
  var done = 0
  while done < count {
    let r = retryingOnInterrupt { pwrite(fd, buffer + done, count - done, off_t(offset + done)) }
    if r.errno != 0 { return r.errno }
    if r.value == 0 { return EIO }
    done += r.value
  }
  return 0
}

// MARK: - The running process

func system_getenv(_ name: String) -> String? {
  getenv(name).map { String(cString: $0) }
}

func system_getcwd() -> String? {
  var buf = [CChar](repeating: 0, count: 4096)
  guard getcwd(&buf, buf.count) != nil else { return nil }
  return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The path of the running executable (`/proc/self/exe` on Linux; argv[0] elsewhere).
func system_executablePath() -> String? {
  #if os(Linux)
    var buf = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    guard n > 0 else { return nil }
    return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  #else
    return CommandLine.arguments.first
  #endif
}
