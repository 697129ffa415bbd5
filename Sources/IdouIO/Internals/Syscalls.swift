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
let system_O_CREAT_EXCL_NOFOLLOW = O_CREAT | O_EXCL | O_NOFOLLOW
let system_O_NOCTTY = O_NOCTTY
let system_ENOENT = ENOENT
let system_EPIPE = EPIPE
let system_EEXIST = EEXIST
let system_EISDIR = EISDIR
let system_EBADF = EBADF
