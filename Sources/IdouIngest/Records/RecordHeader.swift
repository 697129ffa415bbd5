import IdouCore

/// What a column of a move-record file holds.
public enum RecordColumn: UInt8, Sendable, CaseIterable, CustomStringConvertible {
  /// A column idou does not use (kept out of the figures, named in a note).
  case ignored = 0
  case date, origin, destination, sex, age, nationality

  public var description: String {
    switch self {
    case .ignored: "ignored"
    case .date: "date"
    case .origin: "from"
    case .destination: "to"
    case .sex: "sex"
    case .age: "age"
    case .nationality: "nationality"
    }
  }

  /// The header names that mean this column, after ``RecordHeader/normalised(_:)`` (lower case, no spaces, no
  /// trailing `コード`/`code`). English names as idou writes them and a few synonyms, and the Japanese names register
  /// exports and the survey use (異動年月日/届出年月日, 転出元/移動前(の住所地), 転入先/移動後(の住所地), 性別, 年齢, 国籍).
  static let names: [RecordColumn: Set<String>] = [
    .date: ["date", "異動年月日", "届出年月日", "異動日", "届出日", "移動年月日", "異動年月", "届出年月"],
    .origin: ["from", "origin", "転出元", "移動前", "移動前の住所地", "移動前住所地", "前住所", "前住所地", "従前の住所地",
              "転出元市区町村"],
    .destination: ["to", "destination", "転入先", "移動後", "移動後の住所地", "移動後住所地", "新住所", "新住所地",
                   "転入先市区町村"],
    .sex: ["sex", "gender", "性別"],
    .age: ["age", "年齢"],
    .nationality: ["nationality", "国籍", "国籍区分"],
  ]

  /// Header names of a count column: a file that has one is a table of counts, never one row per move, so it is
  /// not read as records whatever its other columns (`month,from,to,sex,count` is a long table).
  static let countNames: Set<String> = ["count", "value", "n", "movers", "persons", "人数", "移動者数", "件数", "値"]
}

/// The columns of a move-record file, by header name in any order (DESIGN §3.1): `date`, `from`, `to`, `sex` are
/// needed; `age` and `nationality` are optional; any other column is ignored (and named in a note).
///
/// The header may be UTF-8 (with or without BOM) or CP932, quoted or not; names match after trimming and lower-casing.
///
/// ```swift
/// let h = try RecordHeader(fields: ["性別", "転出元", "転入先", "異動年月日", "国籍", "年齢", "備考"])
/// h.columns  // [.sex, .origin, .destination, .date, .nationality, .age, .ignored]
/// ```
public struct RecordHeader: Sendable, Equatable {
  /// What each column holds, in file order.
  public let columns: [RecordColumn]
  /// The header's names as written (decoded), in file order.
  public let names: [String]

  /// The most columns a record file may have (field numbers are kept in a byte).
  public static let maxColumns = 64

  /// The header `date,from,to,sex,age,nationality` idou's own generator writes (the canonical export).
  public static let canonical: [RecordColumn] = [.date, .origin, .destination, .sex, .age, .nationality]

  /// Why a header is not a move-record header.
  public enum Problem: Error, Equatable, Sendable {
    /// Not a record header at all (too few of the columns, or a count column).
    case notRecords
    /// Looks like one (three or more of the columns) but lacks some, or names one twice.
    case incomplete(String)
  }

  /// Recognises a header's fields (already split and decoded).
  /// - Throws: ``Problem``.
  public init(fields: [String]) throws(Problem) {
    let keys = fields.map(Self.normalised)
    guard fields.count <= Self.maxColumns, !keys.contains(where: { RecordColumn.countNames.contains($0) }) else {
      throw .notRecords
    }
    var columns: [RecordColumn] = []
    var seen: [RecordColumn: Int] = [:]
    var duplicate: (RecordColumn, Int, Int)?
    for (i, key) in keys.enumerated() {
      let c = RecordColumn.names.first { $0.value.contains(key) }?.key ?? .ignored
      if c != .ignored, let first = seen[c], duplicate == nil { duplicate = (c, first, i) }
      if c != .ignored && seen[c] == nil { seen[c] = i }
      columns.append(seen[c] == i ? c : .ignored)
    }
    let needed: [RecordColumn] = [.date, .origin, .destination, .sex]
    let found = needed.filter { seen[$0] != nil }
    guard found.count >= 3 else { throw .notRecords }
    if let (c, a, b) = duplicate {
      throw .incomplete("columns \(a + 1) '\(fields[a].shown)' and \(b + 1) '\(fields[b].shown)' both name \(c)")
    }
    let missing = needed.filter { seen[$0] == nil }
    guard missing.isEmpty else {
      throw .incomplete("no \(missing.map { "\($0)" }.joined(separator: ", ")) column (found \(found.map { "\($0)" }.joined(separator: ", ")))")
    }
    self.columns = columns
    self.names = fields
  }

  /// The header of a file whose first line is `line` (UTF-8 or CP932 bytes, BOM and line end removed).
  /// - Throws: ``Problem``.
  public init(line: [UInt8]) throws(Problem) {
    let text: [UInt8]
    if TextEncoding.isValidUTF8(line) {
      text = line
    } else if let decoded = try? CP932.decode(line, file: "") {
      text = decoded
    } else {
      throw .notRecords
    }
    try self.init(fields: Self.split(text))
  }

  /// A header line split at commas outside quotes, quotes removed (`""` → `"`).
  static func split(_ line: [UInt8]) -> [String] {
    var fields: [String] = []
    var current: [UInt8] = []
    var quoted = false, i = 0
    while i < line.count {
      let b = line[i]
      if quoted {
        if b == 0x22 {
          if i + 1 < line.count && line[i + 1] == 0x22 { current.append(0x22); i += 1 } else { quoted = false }
        } else {
          current.append(b)
        }
      } else if b == 0x22 {
        quoted = true
      } else if b == 0x2C {
        fields.append(String(decoding: current, as: UTF8.self))
        current.removeAll()
      } else {
        current.append(b)
      }
      i += 1
    }
    fields.append(String(decoding: current, as: UTF8.self))
    return fields
  }

  /// A name as the tables above hold it: trimmed, ASCII lower case, spaces (also U+3000) and `_` removed, a trailing
  /// `コード`/`code` dropped (`移動前の住所地 コード` → `移動前の住所地`).
  static func normalised(_ name: String) -> String {
    var s = String(name.unicodeScalars.filter { $0 != " " && $0 != "\u{3000}" && $0 != "\t" && $0 != "_" && $0 != "\r" }
      .map { Character($0) }).lowercased()
    for suffix in ["コード", "code"] where s.hasSuffix(suffix) && s.count > suffix.count {
      s.removeLast(suffix.count)
    }
    return s
  }

  /// 0-based index of a column, or nil.
  public func index(of c: RecordColumn) -> Int? { columns.firstIndex(of: c) }

  public var fieldCount: Int { columns.count }

  /// The names of the ignored columns.
  public var ignoredNames: [String] { zip(columns, names).filter { $0.0 == .ignored }.map(\.1) }

  /// Whether the columns are exactly the canonical `date,from,to,sex,age,nationality`.
  public var isCanonical: Bool { columns == Self.canonical }

  /// The header described in words for messages: `date,from,to,sex` with the file's own names.
  public var described: String {
    zip(columns, names).map { $0.0 == .ignored ? "(\($0.1.shown))" : $0.1.shown }.joined(separator: ",")
  }
}

/// Why one record was not used. The column is the 1-based field number.
public enum RecordProblem: UInt8, Sendable, CaseIterable {
  case fieldCount = 1, date, year, origin, destination, checkDigitOrigin, checkDigitDestination,
    prefectureOrigin, prefectureDestination, sex, age, nationality, sameArea, notInCatalog, prefectureAtMunicipalLevel,
    rowTooLong, unterminatedQuote, textAfterQuote
}
