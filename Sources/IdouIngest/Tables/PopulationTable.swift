import IdouCore

/// Population by area, year and sex (`area,year,sex,population`), the denominator of 転入超過率 (net migration
/// rate = 転入超過数 ÷ population, usually the 10月1日現在 population; the file says which by what it holds).
///
/// ```
/// area,year,sex,population
/// 43,2024,0,1709000
/// 43100,2024,0,"736,000"
/// ```
/// `area` is a prefecture (`43`, `43000`, `熊本県`), a municipal code (5 or 6 digits) or `00000` 全国; `sex`
/// 0 総数, 1 男, 2 女 (or 総数/男/女). 総数 = 男 + 女 is checked where all three are given (a warning naming the
/// lines); a year given only by sex answers 総数 as 男 + 女.
public struct PopulationTable: Sendable, Equatable {
  public struct Key: Hashable, Sendable {
    public var area: Area
    public var year: Int
    public var sex: Sex
  }

  /// Population per area, year and sex.
  public private(set) var values: [Key: Int64]

  public init(values: [Key: Int64]) { self.values = values }

  /// The population of an area in a year: stored, or 総数 as 男 + 女.
  ///
  /// - Returns: `nil` when the table does not have it.
  public func population(area: Area, year: Int, sex: Sex = .total) -> Int64? {
    if let v = values[Key(area: area, year: year, sex: sex)] { return v }
    guard sex == .total, let m = values[Key(area: area, year: year, sex: .male)],
      let f = values[Key(area: area, year: year, sex: .female)]
    else { return nil }
    return m + f
  }

  /// The header, exactly.
  public static let header = ["area", "year", "sex", "population"]

  /// Reads a population file (UTF-8 bytes; transcode CP932 first).
  /// - Throws: `DataError` with line and column for anything malformed or given twice.
  public static func read(bytes: [UInt8], file: String) throws(DataError) -> (table: PopulationTable, report: ReadReport) {
    var csv = CSVReader(bytes: bytes, file: file)
    var report = ReadReport(file: file)
    guard let header = try csv.next() else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let names = header.fields.map { $0.trimmingWhitespace() }
    guard names == Self.header else {
      let col = (0..<min(names.count, Self.header.count)).first { names[$0] != Self.header[$0] } ?? min(names.count, 4)
      throw DataError(file: file, line: header.line, column: col + 1, reason: "expected the header area,year,sex,population")
    }
    var values: [Key: Int64] = [:]
    var lines: [Key: Int] = [:]
    while let r = try csv.next() {
      let f = r.fields.map { $0.trimmingWhitespace() }
      if f.allSatisfy(\.isEmpty) { continue }
      report.rowsRead += 1
      func fail(_ c: Int, _ why: String) -> DataError { DataError(file: file, line: r.line, column: c, reason: why) }
      guard f.count == 4 else { throw fail(min(f.count, 4) + 1, "row has \(f.count) fields, expected 4") }
      guard let area = TidyTableReader.area(f[0]) else {
        throw fail(1, "'\(f[0].shown)' is not an area (a prefecture or municipal code, or 00000 全国)")
      }
      guard f[1].utf8.count == 4, let year = Int(f[1]) else { throw fail(2, "'\(f[1].shown)' is not a year (YYYY)") }
      guard let sex = Int(f[2]).flatMap(Sex.init(rawValue:)) ?? Sex.allCases.first(where: { $0.label == f[2] }) else {
        throw fail(3, "'\(f[2].shown)' is not a sex code (0 総数, 1 男, 2 女)")
      }
      if EStatLayout.standardMarkers.contains(f[3]) {
        report.markers += 1
        report.rowsUsed += 1
        continue
      }
      guard let v = parseCount(f[3]), v >= 0 else { throw fail(4, "'\(f[3].shown)' is not a population (a count)") }
      let key = Key(area: area, year: year, sex: sex)
      if let earlier = lines[key] {
        throw fail(1, "population of \(area.codeText) in \(year) (\(sex.label)) is given twice (also on line \(earlier))")
      }
      lines[key] = r.line
      values[key] = v
      report.rowsUsed += 1
    }
    for (key, total) in values where key.sex == .total {
      var m = key, w = key
      m.sex = .male; w.sex = .female
      if let male = values[m], let female = values[w], male + female != total {
        report.notes.append(
          "warning: lines \(lines[key]!), \(lines[m]!), \(lines[w]!): population 総数 \(total) ≠ 男 \(male) + 女 \(female) (\(key.area.codeText), \(key.year))")
      }
    }
    report.notes.sort()
    return (PopulationTable(values: values), report)
  }
}
