import IdouCore

/// How sure a layout is that an input is its own, from the first bytes (docs/ARCHITECTURE.md §4).
public enum Recognition: Int, Comparable, Sendable {
  /// Not this layout.
  case no
  /// Could be this layout (a wide matrix: most header cells read as areas); another that is sure wins.
  case maybe
  /// This layout (a header or a magic number that only it has).
  case sure

  public static func < (a: Recognition, b: Recognition) -> Bool { a.rawValue < b.rawValue }
}

/// One input layout idou reads: it recognises its inputs from their first bytes and reads them into one
/// ``InputResult`` (docs/ARCHITECTURE.md §4). Every input goes through one, chosen in one place (``Inputs``).
///
/// To add a layout: write a conformer (in `EStat/`, `Tables/` or `Input/` by what it reads), add it to
/// ``Inputs/layouts``, and add a small fixture (UTF-8 and CP932 where it matters) with a round-trip test.
public protocol InputLayout: Sendable {
  /// The layout's name, as messages say it ("e-Stat database download", "per-area table").
  var name: String { get }
  /// Whether the input is this layout, from its first bytes.
  func recognise(_ head: InputHead) -> Recognition
  /// Reads the whole input.
  /// - Throws: `DataError` (file, line, column, reason), `InputFileError`.
  func read(_ input: InputData, options: ReadOptions) throws -> InputResult
}

/// The first bytes of an input, as every layout sees them: raw, decoded to UTF-8, and as CSV records.
public struct InputHead: Sendable {
  /// The input's name in messages.
  public let file: String
  /// The first bytes as in the input (at most ``limit``).
  public let raw: [UInt8]
  /// The same, as UTF-8 (CP932 transcoded, a BOM removed), cut at the last complete line.
  public let text: [UInt8]
  public let encoding: TextEncoding
  /// The first non-blank CSV records of ``text`` (at most 40), fields trimmed; empty when they are not CSV.
  public let records: [[String]]

  /// How many bytes recognising looks at.
  public static let limit = 64 * 1024

  public init(file: String, raw: [UInt8]) {
    self.file = file
    self.raw = Array(raw.prefix(Self.limit))
    var prefix = self.raw
    // Cut at the last line end so that a multibyte character or a field is not split (a head cut at the limit, or
    // a file cut short: its reader then says where).
    if raw.count > Self.limit, let lastLF = prefix.lastIndex(of: 0x0A) { prefix = Array(prefix[...lastLF]) }
    if let decoded = try? TextEncoding.utf8(prefix, file: file) {
      text = decoded.bytes
      encoding = decoded.encoding
    } else if let lastLF = prefix.lastIndex(of: 0x0A), let decoded = try? TextEncoding.utf8(Array(prefix[...lastLF]), file: file) {
      text = decoded.bytes
      encoding = decoded.encoding
    } else {
      text = []
      encoding = .utf8
    }
    var csv = CSVReader(bytes: text, file: file)
    var records: [[String]] = []
    while records.count < 40, let r = try? csv.next() {
      let f = r.fields.map(\.trimmedField)
      if f.allSatisfy(\.isEmpty) { continue }
      records.append(f)
    }
    self.records = records
  }

  /// The first non-blank record: a table's header.
  public var header: [String] { records.first ?? [] }
}

/// An input to read in full: its name, where it is, and its bytes when they have been read already (standard
/// input and pipes are read once).
public struct InputData: Sendable {
  /// The input's name in messages.
  public let file: String
  /// The path of a regular file (memory-mapped readers use it), or `nil` for bytes given directly.
  public let path: String?
  let given: [UInt8]?

  public init(file: String, path: String?, bytes: [UInt8]?) {
    self.file = file
    self.path = path
    self.given = bytes
  }

  /// The input's raw bytes.
  public func rawBytes() throws -> [UInt8] {
    if let given { return given }
    return try InputFile.bytes(path ?? file)
  }

  /// The whole input as UTF-8 (CP932 transcoded, a BOM removed), with the encoding it was in.
  public func text() throws -> (bytes: [UInt8], encoding: TextEncoding) {
    try TextEncoding.utf8(rawBytes(), file: file)
  }
}

/// What readers need to know that an input may not say itself.
public struct ReadOptions: Sendable {
  /// The period of a wide matrix that does not say it; else taken from a year in the file name.
  public var period: Period?
  /// The population scope a command works on (a table holding several gives this one).
  public var scope: PopulationScope = .all
  /// Whether the user asked for ``scope`` (`--scope`): then an input without it is an error; else an input of one
  /// other scope gives that one, and says so.
  public var scopeGiven = false
  /// Municipal code changes to re-key codes with, as of ``asOf`` (both or neither).
  public var codeChanges: CodeChangeTable?
  /// The date whose municipal codes every input is re-keyed to.
  public var asOf: CalendarDate?
  /// Which columns of another tool's CSV hold what (`--columns month=year_month,area=pref_code,…`).
  public var columns: ColumnMapping?

  public init(period: Period? = nil, scope: PopulationScope = .all, codeChanges: CodeChangeTable? = nil,
              asOf: CalendarDate? = nil, columns: ColumnMapping? = nil) {
    self.period = period
    self.scope = scope
    self.codeChanges = codeChanges
    self.asOf = asOf
    self.columns = columns
  }
}
