import IdouCore
import IdouIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Receives the records a chunk parser accepts. Each worker thread has its own sink; sinks never share memory, so
/// the hot path needs no locks or atomics. `remove` undoes an `add` (used when a chunk was parsed from a wrong start
/// and is read again, see ``RecordScan``).
protocol MoveRecordSink {
  mutating func add(_ record: MoveRecord)
  mutating func remove(_ record: MoveRecord)
  /// Moves what 32-bit cells hold into 64-bit sums. The scan calls it after every 2³⁰ records a sink took, so
  /// no per-thread cell can wrap, whatever the input's size (issue 14 §6).
  mutating func settle()
}

extension MoveRecordSink {
  mutating func settle() {}
}

/// A sink that undoes what it is given: parsing a chunk again into `Negated(sink)` takes back exactly what the
/// first parse added (parsing is deterministic).
struct Negated<Base: MoveRecordSink>: MoveRecordSink {
  var base: Base
  @inline(__always) mutating func add(_ r: MoveRecord) { base.remove(r) }
  @inline(__always) mutating func remove(_ r: MoveRecord) { base.add(r) }
}

/// Bytes a chunk parser reads: `base[0..<end]` are readable; `atEnd` tells whether the input ends at `end` (a mapped
/// file, or a stream's last buffer) or goes on (a stream's buffer, whose last row may be incomplete).
struct ScanBytes: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
  let end: Int
  let atEnd: Bool
  /// The mapped file, whose pages behind the parse are handed back.
  let file: MappedFile?

  func release(from: Int, to: Int) { file?.release(from: from, to: to) }
}

/// A reject as the hot path keeps it: where the row starts, its line within the chunk, its status. The reason and
/// the text are made from these only when someone asks (a rejects file, `--strict`, the library's list).
struct RejectMark: Sendable {
  var offset: Int
  var line: Int
  var status: Int32
}

/// What one chunk saw.
struct ChunkOutcome {
  var lines = 0, rows = 0, used = 0, rejected = 0, notInCatalog = 0, general = 0
  /// Used records by nationality: unknown, 日本人, 外国人.
  var nationality = SIMD4<Int>()
  var rejects: [RejectMark] = []
  /// Where the row after the chunk's last row starts.
  var end = 0
  /// The last row runs past the data (a stream's buffer): it is read again with the next buffer.
  var incomplete = false
  /// A too-long row's line feed lies past the data: the next buffer starts by skipping to it.
  var skipToLineFeed = false
  /// `strict` stopped the chunk at its first reject.
  var stoppedAtReject = false
}

/// The account of a whole scan: counts, and how many rows each path read.
public struct Tally: Sendable, Equatable {
  public var rows = 0, used = 0, rejected = 0, notInCatalog = 0
  /// Rows the general (RFC 4180) parser read: every reject, and the rows the layout's fast path did not take.
  public var generalRows = 0
  /// Used records by nationality: unknown, 日本人, 外国人.
  public var nationality = SIMD4<Int>()

  mutating func add(_ o: ChunkOutcome) {
    rows += o.rows
    used += o.used
    rejected += o.rejected
    notInCatalog += o.notInCatalog
    generalRows += o.general
    nationality &+= o.nationality
  }

  /// 日本人 or 外国人 when every used record says so, else 移動者 (all).
  public var scope: PopulationScope {
    if used > 0 && nationality[1] == used { return .japanese }
    if used > 0 && nationality[2] == used { return .foreign }
    return .all
  }
}

/// Where the records come from: a file (memory-mapped), bytes in memory, or an input read as a stream (standard
/// input, a pipe, a device), which is read in buffers and never held whole.
public enum RecordSource {
  case file(String)
  case bytes([UInt8], name: String)
  case input(InputSource)

  /// The source for a path as given on a command line: `-` is standard input; a regular file is mapped; a pipe,
  /// a FIFO or a device (`/dev/stdin`, `<(…)`) is read as a stream.
  /// - Throws: `FileError` when the path cannot be opened.
  public static func path(_ path: String) throws -> RecordSource {
    let input = try InputSource(path: path)
    return path != "-" && input.isRegularFile ? .file(path) : .input(input)
  }

  public var name: String {
    switch self {
    case .file(let p): p
    case .bytes(_, let n): n
    case .input(let i): i.name
    }
  }
}

/// The parallel scan of a record input (DESIGN §4): windows of the input, each cut into one chunk per worker at line
/// starts and parsed in parallel, with the account kept per chunk and put back in file order.
///
/// A chunk's start is a guess: the line start after a byte position, which is right unless the position lies inside
/// a quoted field that holds line breaks (as DuckDB's parallel reader also has to allow for). Every chunk is parsed
/// from its guess; then, in file order, each chunk's true end (where its last row really ended) is compared with the
/// next chunk's guess. On a mismatch the next chunk is parsed again into `Negated(sink)` (taking back what it
/// added) and then from the true start. Chunk 0 starts at a known row start, so by induction every row is read
/// exactly once, as a single thread would read it, whatever the number of workers.
struct RecordScan {
  let parser: RowParser
  let workers: Int
  /// Bytes per window of a mapped file (the file is mapped whole; windows bound how long rejects are held).
  let windowBytes: Int
  /// Bytes per buffer of a stream.
  let streamBytes: Int

  /// One window's result, for the callback.
  struct Window {
    let bytes: ScanBytes
    /// Chunk outcomes in file order (after the fix-up), with the line number of each chunk's first line.
    var outcomes: [ChunkOutcome]
    var firstLines: [Int]
  }

  /// Scans from `bodyStart` (a row start, line `firstLine`) to the end. `onWindow` sees every window's chunks in
  /// file order (rejects are there) while its bytes are still readable.
  func run<S: MoveRecordSink>(_ input: RecordBytes, bodyStart: Int, firstLine: Int, sinks: inout [S],
                              onWindow: (Window, inout [S]) throws -> Void) throws -> Tally {
    var tally = Tally()
    var line = firstLine
    // Records each sink took since it last settled its 32-bit cells.
    var unsettled = [Int](repeating: 0, count: sinks.count)
    func settle(_ w: Window, _ sinks: inout [S]) {
      for (c, o) in w.outcomes.enumerated() where c < sinks.count {
        unsettled[c] += o.used
        if unsettled[c] >= 1 << 30 {
          sinks[c].settle()
          unsettled[c] = 0
        }
      }
    }
    switch input {
    case .mapped(let file):
      try file.withUnsafeBytes { raw in
        let data = ScanBytes(base: raw.bindMemory(to: UInt8.self).baseAddress!, end: raw.count, atEnd: true,
                             file: file)
        var pos = bodyStart
        while pos < data.end {
          let stop = min(data.end, pos + windowBytes)
          var w = scanWindow(data, from: pos, limit: stop, firstLine: line, sinks: &sinks)
          try file.checkIntact()
          for o in w.outcomes { tally.add(o) }
          line = w.firstLines.last! + w.outcomes.last!.lines
          settle(w, &sinks)
          try onWindow(w, &sinks)
          // Every page of the window is handed back (each chunk hands back its pages only every 8 MB), after
          // `onWindow`: reading its rejects' rows maps their pages again.
          file.release(from: pos - MappedFile.pageSize, to: w.outcomes.last!.end)
          pos = w.outcomes.last!.end
          w.outcomes.removeAll()
          if parser.strict && tally.rejected > 0 { break }
        }
      }
    case .stream(let stream):
      var skipping = false
      while true {
        let more = try stream.fill()
        var pos = 0
        if skipping {
          let lf = stream.withData { ByteScan.lineEnd($0.base, from: 0, end: $0.end) }
          let n = stream.count
          if lf == n && more {
            stream.consume(n)
            continue
          }
          skipping = false
          pos = min(lf + 1, n)
          if lf < n { line += 1 }
        }
        let atEnd = !more
        var carry = 0
        var stopReading = false
        try stream.withData { d in
          let data = ScanBytes(base: d.base, end: d.end, atEnd: atEnd, file: nil)
          guard pos < data.end else { carry = data.end; return }
          var w = scanWindow(data, from: pos, limit: data.end, firstLine: line, sinks: &sinks)
          // Only whole rows are counted; an incomplete last row is read again with the next buffer.
          for o in w.outcomes { tally.add(o) }
          line = w.firstLines.last! + w.outcomes.last!.lines
          carry = w.outcomes.last!.end
          if w.outcomes.contains(where: \.skipToLineFeed) { skipping = true }
          settle(w, &sinks)
          try onWindow(w, &sinks)
          w.outcomes.removeAll()
          if parser.strict && tally.rejected > 0 { stopReading = true }
        }
        stream.consume(carry)
        if stopReading || atEnd { break }
      }
    }
    return tally
  }

  /// Parses `data[from..<limit]` (rows starting there) in chunks, fixes up wrong chunk starts, and returns the
  /// outcomes in file order.
  func scanWindow<S: MoveRecordSink>(_ data: ScanBytes, from: Int, limit: Int, firstLine: Int,
                                     sinks: inout [S]) -> Window {
    let starts = Self.chunkStarts(data, from: from, limit: limit, chunks: min(workers, sinks.count))
    let n = starts.count - 1
    var outcomes = [ChunkOutcome](repeating: ChunkOutcome(), count: n)
    let parser = self.parser
    sinks.withUnsafeMutableBufferPointer { sinkSlots in
      outcomes.withUnsafeMutableBufferPointer { outcomeSlots in
        let slots = UncheckedSendable((sinkSlots, outcomeSlots))
        Parallel.run(n) { c in
          _ = parser.parse(data, from: starts[c], limit: starts[c + 1], into: &slots.value.0[c],
                           outcome: &slots.value.1[c])
        }
      }
    }
    // The fix-up, in file order: chunk c + 1 must start where chunk c really ended.
    for c in 0..<(n - 1) {
      let o = outcomes[c]
      let stopped = o.incomplete || o.skipToLineFeed || (o.stoppedAtReject && parser.strict)
      guard stopped || o.end != starts[c + 1] else { continue }
      // Take back what chunk c + 1 added from its guessed start.
      var undo = Negated(base: sinks[c + 1])
      var scratch = ChunkOutcome()
      _ = parser.parseGenerally(data, from: starts[c + 1], limit: starts[c + 2], into: &undo, outcome: &scratch)
      sinks[c + 1] = undo.base
      if stopped {
        outcomes[c + 1] = ChunkOutcome()
        outcomes[c + 1].end = o.end
        outcomes[c + 1].incomplete = o.incomplete
        outcomes[c + 1].skipToLineFeed = o.skipToLineFeed
        outcomes[c + 1].stoppedAtReject = o.stoppedAtReject
        continue
      }
      var redo = ChunkOutcome()
      if o.end < starts[c + 2] {
        _ = parser.parse(data, from: o.end, limit: starts[c + 2], into: &sinks[c + 1], outcome: &redo)
      } else {
        redo.end = o.end
      }
      outcomes[c + 1] = redo
    }
    var firstLines: [Int] = []
    var line = firstLine
    for o in outcomes {
      firstLines.append(line)
      line += o.lines
    }
    return Window(bytes: data, outcomes: outcomes, firstLines: firstLines)
  }

  /// Chunk starts: `chunks` near-equal byte ranges of `[from, limit)`, each moved forward to a line start (a guess,
  /// see the type's comment), and `limit` last.
  static func chunkStarts(_ data: ScanBytes, from: Int, limit: Int, chunks: Int) -> [Int] {
    let len = limit - from
    var bounds = [from]
    let count = max(1, min(chunks, len / 4096 + 1))
    for i in 1..<count {
      let guess = from + len / count * i
      let cut = min(limit, ByteScan.lineEnd(data.base, from: guess - 1, end: limit) + 1)
      bounds.append(max(cut, bounds.last!))
    }
    bounds.append(limit)
    return bounds
  }
}

/// A box that lets per-chunk slots be handed to worker threads. Sound because each thread touches only its own
/// index of each buffer and the buffers outlive `Parallel.run`.
struct UncheckedSendable<T>: @unchecked Sendable {
  var value: T
  init(_ value: T) { self.value = value }
}

/// The bytes of an opened record input: a mapped file (or bytes in memory), or a stream read in buffers.
enum RecordBytes {
  case mapped(MappedFile)
  case stream(StreamBuffer)
}

/// A stream read into one buffer: `fill()` reads until the buffer holds `capacity` bytes or the stream ends;
/// `consume(n)` drops the first `n` bytes (the rest moves to the front).
final class StreamBuffer {
  let input: InputSource
  let capacity: Int
  private(set) var storage: UnsafeMutableRawPointer
  private(set) var count = 0
  private(set) var ended = false

  init(_ input: InputSource, capacity: Int) {
    self.input = input
    self.capacity = capacity
    storage = .allocate(byteCount: capacity + 64, alignment: 64)
    storage.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + 64)
  }

  deinit { storage.deallocate() }

  /// Reads until the buffer is full or the stream ends. Returns whether more may follow.
  /// - Throws: `FileError` when reading fails.
  func fill() throws(FileError) -> Bool {
    while !ended && count < capacity {
      let n = try input.read(into: UnsafeMutableRawBufferPointer(start: storage + count, count: capacity - count))
      if n == 0 { ended = true } else { count += n }
    }
    return !ended
  }

  func consume(_ n: Int) {
    let k = min(n, count)
    if k < count { storage.copyMemory(from: storage + k, byteCount: count - k) }
    count -= k
  }

  func withData<R>(_ body: (ScanBytes) throws -> R) rethrows -> R {
    try body(ScanBytes(base: UnsafePointer(storage.assumingMemoryBound(to: UInt8.self)), end: count, atEnd: ended,
                       file: nil))
  }
}
