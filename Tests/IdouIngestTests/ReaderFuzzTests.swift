import IdouCore
import Testing

@testable import IdouIngest

/// Random mutations of every fixture layout: a reader must either read the file with its account balanced
/// (read = used + rejected) or throw one `DataError` that points into the file. No crash, no hang.
@Suite("Fuzz: mutated fixtures never crash the readers")
struct ReaderFuzzTests {
  static let fixtures = [
    "estat-crosstab-cp932.csv", "estat-crosstab-utf8.csv", "estat-long-utf8.csv", "estat-api.csv",
    "estat-prefecture-totals-cp932.csv", "estat-area-monthly-utf8.csv", "expected-tidy.csv", "population.csv",
    "code-changes.csv", "long-od.csv", "long-area-totals.csv",
    // The layouts of issue 10: e-Stat origin–destination with 21大都市 and 郡 (CP932, long form), the first lines
    // of table 1 (five header rows, CP932), of the 和歌山県 export (the trimmed three-row form with ages) and of
    // the real monthly file (another tool's CSV).
    "okinawa-od-crosstab-cp932.csv", "okinawa-od-long-utf8.csv", "table1-head-cp932.csv", "wakayama-in-head.csv",
    "monthly-head.csv",
    // idou's own table CSV, read back (by counterpart and by sex).
    "idou-table-43-2025.csv", "idou-table-43-2025-by-sex.csv",
  ]

  /// Bytes that matter to the parsers: quotes, separators, line ends, CP932 lead bytes, markers, digits.
  static let interesting: [UInt8] = [0x22, 0x2C, 0x0A, 0x0D, 0x81, 0x8C, 0xFB, 0xFF, 0xEF, 0x2D, 0x2A, 0x30, 0x39, 0x20, 0x2F, 0x00]

  static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
    var b = input
    func pick(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }
    for _ in 0..<(1 + pick(3)) {
      let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
      switch pick(7) {
      case 0 where !b.isEmpty:  // delete a few bytes
        let at = pick(b.count)
        b.removeSubrange(at..<min(b.count, at + 1 + pick(5)))
      case 1:  // insert an interesting byte
        b.insert(interesting[pick(interesting.count)], at: pick(b.count + 1))
      case 2 where !b.isEmpty:  // overwrite a byte
        b[pick(b.count)] = interesting[pick(interesting.count)]
      case 3:  // truncate
        b = Array(b.prefix(pick(b.count + 1)))
      case 4 where lines.count > 1:  // duplicate a line
        var l = lines
        let i = pick(l.count)
        l.insert(l[i], at: i)
        b = Array(l.joined(separator: [0x0A]))
      case 5 where lines.count > 2:  // swap two lines
        var l = lines
        l.swapAt(pick(l.count), pick(l.count))
        b = Array(l.joined(separator: [0x0A]))
      default:  // replace a field's content with junk
        if let comma = b.indices.filter({ b[$0] == 0x2C }).randomElement(using: &rng) {
          b.insert(contentsOf: Array("x9,".utf8), at: comma + 1)
        }
      }
    }
    return b
  }

  /// Reads bytes the way the CLI would: population and code-change tables by their own readers, everything else
  /// through the one way in, then every figure the commands derive (margins, a cube where one fits, tidy rows).
  static func read(_ bytes: [UInt8], file: String) throws(DataError) -> [ReadReport] {
    let utf8 = try TextEncoding.utf8(bytes, file: file).bytes
    let head = InputHead(file: file, raw: bytes)
    if head.header == PopulationTable.header { return [try PopulationTable.read(bytes: utf8, file: file).report] }
    if head.header.first == "old_code" { return [try CodeChangeTable.read(bytes: utf8, file: file).report] }
    let r: InputResult
    do {
      r = try Inputs.read(bytes: bytes, file: file, options: .init(period: Period(year: 2024)))
    } catch let e as DataError {
      throw e
    } catch {
      throw DataError(file: file, line: 0, column: 0, reason: "not a DataError: \(error)")
    }
    for f in r.figures {
      let m = f.margins
      _ = try? m.summary(year: nil)
      if case .flows(let t) = f { _ = t.tidyRows(); _ = try? t.cube(limit: 1 << 20) }
    }
    return [r.report]
  }

  @Test("200 mutations of each fixture: a balanced account or one located error", arguments: fixtures)
  func mutations(name: String) throws {
    let original = try EStatFixture.bytes(name)
    let lineCount = original.filter { $0 == 0x0A }.count + 1
    var rng = SplitMix64(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
    var errors = 0, reads = 0
    for _ in 0..<200 {
      let mutated = Self.mutate(original, &rng)
      do {
        for report in try Self.read(mutated, file: "fuzz.csv") {
          #expect(report.rowsRead == report.rowsUsed + report.rowsRejected)
          reads += 1
        }
      } catch {
        errors += 1
        #expect(error.file == "fuzz.csv")
        #expect(!error.reason.isEmpty)
        #expect(error.line >= 0 && error.line <= lineCount + 8, "\(error)")
        #expect(error.column >= 0)
        #expect(!error.description.contains("\n"), "one line: \(error)")
      }
    }
    // Both outcomes happen: the mutations are neither all harmless nor all fatal.
    #expect(errors > 0)
    #expect(reads > 0)
  }
}
