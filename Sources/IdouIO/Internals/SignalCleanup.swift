#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Musl)
  @preconcurrency import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary files a signal handler removes before the process ends on SIGINT, SIGTERM or SIGHUP.
///
/// A handler may only make async-signal-safe calls, so the paths are kept as C strings in a fixed table that the
/// handler walks with `unlink(2)`; registering and unregistering happen on the main thread of a command.
enum SignalCleanup {
  private static let capacity = 32
  nonisolated(unsafe) private static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
    p.initialize(repeating: nil, count: capacity)
    return p
  }()

  /// Remembers a path to remove on a termination signal; returns its slot (nil when the table is full: the
  /// file is then still removed on every other exit path).
  static func register(_ path: String) -> Int? {
    for i in 0..<capacity where slots[i] == nil {
      slots[i] = strdup(path)
      return i
    }
    return nil
  }

  static func unregister(_ slot: Int) {
    let p = slots[slot]
    slots[slot] = nil
    free(p)
  }

  /// Installs the handler (once, from ``StandardStreams/prepare()``).
  static func install() {
    system_onTerminationSignals { sig in
      for i in 0..<SignalCleanup.capacity {
        if let p = SignalCleanup.slots[i] { system_unlinkRaw(p) }
      }
      system_reraise(sig)
    }
  }
}
