/// Standard input, output and error as a command line tool needs them before it does anything else.
///
/// ``prepare()`` runs first in `main`: a standard descriptor that was closed by the caller (`idou … >&-`) gets
/// /dev/null, so that no file opened later takes its number (a rejects file must never receive the table), and
/// the closing is remembered so that writing the table still fails with `standard output is closed`. SIGPIPE is
/// ignored, so a pipe whose reader went away is an EPIPE error the writer reports, not a silent death; and the
/// termination signals remove the temporary files of unfinished outputs.
public enum StandardStreams {
  nonisolated(unsafe) public private(set) static var standardInputWasClosed = false
  nonisolated(unsafe) public private(set) static var standardOutputWasClosed = false

  /// Call once, first thing in `main`.
  public static func prepare() {
    if !system_isOpen(0) {
      standardInputWasClosed = true
      system_reopenNull(0, forWriting: false)
    }
    if !system_isOpen(1) {
      standardOutputWasClosed = true
      // Read-only, so every write to standard output fails (EBADF) and is reported.
      system_reopenNull(1, forWriting: false)
    }
    if !system_isOpen(2) { system_reopenNull(2, forWriting: true) }
    system_ignoreSIGPIPE()
    SignalCleanup.install()
  }

  /// Writes one line to standard error, unbuffered. Errors are ignored: there is nowhere left to report them.
  public static func writeError(_ line: String) {
    var text = line
    text.append("\n")
    text.withUTF8 { b in
      if let base = b.baseAddress { _ = system_writeAll(2, base, b.count) }
    }
  }

  /// Whether standard output is a terminal (a binary output such as a workbook is not written to one).
  public static var standardOutputIsTerminal: Bool { system_isTerminal(1) }

  /// Ends the process with `code`.
  public static func exit(_ code: Int32) -> Never { system_exit(code) }
}

/// The monotonic clock, for `--timing` figures.
public enum MonotonicClock {
  /// Seconds since an arbitrary start; only differences mean something.
  public static func seconds() -> Double { system_monotonicSeconds() }
}
