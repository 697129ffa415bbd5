import IdouCore

/// Reads back the CSV of `idou table` (docs/ARCHITECTURE.md §4): one area's months by counterpart or by sex,
///
///     area,area_name,sex,direction,counterpart,counterpart_name,2025-01,2025-01_diff,…,total,total_diff
///     area,area_name,direction,sex,sex_name,2025-01,2025-01_diff,…,total,total_diff
///
/// re-laid as the long form its columns stand for and read by that reader: by counterpart, a counterpart table
/// (``CounterpartTableReader``; 三大都市圏 and 地方圏, made of the other rows, are left out); by sex, per-area
/// figures `month,area,sex,in,out` (``ColumnTable``). A month's `_diff` gives the same month a year earlier (the
/// figure minus the difference), so the table read back shows the same differences. `net` rows and the totals are
/// derived and not read; an empty cell (a month the table did not have) gives nothing. A table of one year's total
/// (no month columns) does not say its year and is refused, as is a counterpart table of 男 or 女 (the counterpart
/// layout holds 総数).
struct MonthlyTableCSV: InputLayout {
  var name: String { "idou table CSV" }

  func recognise(_ head: InputHead) -> Recognition {
    let h = head.header
    guard h.count > 6, Array(h.prefix(2)) == ["area", "area_name"] else { return .no }
    if Array(h[2...4]) == ["direction", "sex", "sex_name"] { return .sure }
    if Array(h[2...5]) == ["sex", "direction", "counterpart", "counterpart_name"] { return .sure }
    return .no
  }

  func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    let (bytes, _) = try input.text()
    let file = input.file
    var csv = CSVReader(bytes: bytes, file: file)
    guard let header = try csv.next() else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let names = header.fields.map(\.trimmedField)
    guard names.count > 6, Array(names.prefix(2)) == ["area", "area_name"],
      Array(names[2...4]) == ["direction", "sex", "sex_name"] || Array(names[2...5]) == ["sex", "direction", "counterpart", "counterpart_name"]
    else {
      throw DataError(file: file, line: header.line, column: 1,
                      reason: "expected the header of idou's table CSV (area,area_name,sex,direction,counterpart,counterpart_name,YYYY-MM,…)")
    }
    let bySex = names[3] == "sex"
    // Columns: direction, the row's key, and the first month; a counterpart table has its sex before them.
    let (cDirection, cKey, first) = bySex ? (2, 3, 5) : (3, 4, 6)
    // The month columns and their differences.
    var months: [(column: Int, period: Period, diff: Int?)] = []
    for (c, n) in names.enumerated().dropFirst(first) where !n.hasSuffix("_diff") && n != "total" {
      guard let p = Period(parsing: n), p.isMonth else {
        throw DataError(file: file, line: header.line, column: c + 1, reason: "'\(n.shown)' is not a month column (YYYY-MM)")
      }
      months.append((c, p, names.firstIndex(of: n + "_diff")))
    }
    guard !months.isEmpty else {
      throw DataError(file: file, line: header.line, column: first + 1,
                      reason: "a table of a year's total does not say which year: read the input it was made from (or its idou tidy rows)")
    }
    /// One figure of the table: a month, the area, the row's key (a counterpart or a sex) and the direction.
    struct Cell: Hashable {
      var period: Period, area: String, key: String, direction: String
      func with(key: String? = nil, direction: String? = nil) -> Cell {
        Cell(period: period, area: area, key: key ?? self.key, direction: direction ?? self.direction)
      }
    }
    var long: [Cell: Int64] = [:]
    var order: [Cell] = []
    var derived: [(cell: Cell, value: Int64, line: Int, column: Int)] = []  // net and group rows, checked below
    var rowsRead = 0
    while let r = try csv.next() {
      let f = r.fields.map(\.trimmedField)
      if f.allSatisfy(\.isEmpty) { continue }
      rowsRead += 1
      guard f.count == names.count else {
        throw DataError(file: file, line: r.line, column: min(f.count, names.count) + 1,
                        reason: "row has \(f.count) fields, the header (line \(header.line)) has \(names.count)")
      }
      // Codes only (an area, a counterpart, a sex): they become fields of the long form.
      for c in [0, cKey] + (bySex ? [] : [2]) where f[c].isEmpty || !f[c].utf8.allSatisfy({ b in
        (0x30...0x39).contains(b) || (0x61...0x7A).contains(b) || b == 0x2D
      }) {
        throw DataError(file: file, line: r.line, column: c + 1, reason: "'\(f[c].shown)' is not a code (digits, or a group id such as metro-total)")
      }
      let direction = f[cDirection]
      guard ["in", "out", "net"].contains(direction) else {
        throw DataError(file: file, line: r.line, column: cDirection + 1, reason: "'\(direction.shown)' is not a direction (in, out or net)")
      }
      if !bySex && f[2] != "0" {
        throw DataError(file: file, line: r.line, column: 3,
                        reason: "a counterpart table of sex \(f[2].shown) cannot be read back (the counterpart layout holds 総数): read the input it was made from")
      }
      // Derived rows (the net, and groups made of the other rows) are checked against them, not stored.
      let isDerived = direction == "net" || (!bySex && Self.groupsOfRows.contains(f[cKey]))
      for m in months {
        func add(_ p: Period, _ v: Int64) {
          let cell = Cell(period: p, area: f[0], key: f[cKey], direction: direction)
          if isDerived {
            derived.append((cell, v, r.line, m.column + 1))
          } else {
            if long[cell] == nil { order.append(cell) }
            long[cell] = v
          }
        }
        guard !f[m.column].isEmpty else { continue }
        guard let v = Int64(f[m.column]), v >= 0 || direction == "net" else {
          throw DataError(file: file, line: r.line, column: m.column + 1, reason: "'\(f[m.column].shown)' is not a count")
        }
        add(m.period, v)
        if let d = m.diff, !f[d].isEmpty {
          guard let diff = Int64(f[d]), v - diff >= 0 || direction == "net" else {
            throw DataError(file: file, line: r.line, column: d + 1, reason: "'\(f[d].shown)' is not a difference of a count")
          }
          add(Period(year: m.period.year - 1, month: m.period.month)!, v - diff)
        }
      }
    }
    // Each derived figure against the rows it is made of (where they are all there).
    func figure(_ c: Cell) -> Int64? {
      if c.direction == "net" {
        return figure(c.with(direction: "in")).flatMap { i in figure(c.with(direction: "out")).map { i - $0 } }
      }
      guard Self.groupsOfRows.contains(c.key) else { return long[c] }
      let metro = ["51000", "52000", "53000"].map { long[c.with(key: $0)] }
      guard metro.allSatisfy({ $0 != nil }) else { return nil }
      let sum = metro.reduce(0) { $0 + $1! }
      return c.key == "metro-total" ? sum : long[c.with(key: "00000")].map { $0 - sum }
    }
    for (cell, value, line, column) in derived {
      if let e = figure(cell), e != value {
        throw DataError(file: file, line: line, column: column,
                        reason: "\(value) is not what the other rows make (\(e)): \(cell.direction == "net" ? "in − out" : "the sum of its groups")")
      }
    }
    func month(_ p: Period) -> String { "\(p.year)-\(p.month < 10 ? "0" : "")\(p.month)" }
    var text: String
    if bySex {
      // month,area,sex,in,out from the in and out rows of each (month, sex).
      text = "month,area,sex,in,out\n"
      var seen = Set<Cell>()
      for cell in order where seen.insert(cell.with(direction: "")).inserted {
        let i = long[cell.with(direction: "in")].map(String.init) ?? "-"
        let o = long[cell.with(direction: "out")].map(String.init) ?? "-"
        text += "\(month(cell.period)),\(cell.area),\(cell.key),\(i),\(o)\n"
      }
    } else {
      text = "prefecture,year,month,direction,counterpart,counterpart_name,persons\n"
      for cell in order {
        text += "\(cell.area),\(cell.period.year),\(cell.period.month),\(cell.direction),\(cell.key),,\(long[cell]!)\n"
      }
    }
    var result = bySex
      ? try ColumnTable().read(bytes: Array(text.utf8), file: file, mapping: nil)
      : try CounterpartTableReader().read(InputData(file: file, path: nil, bytes: Array(text.utf8)), options: options)
    result.report.rowsRead = rowsRead
    result.report.rowsUsed = rowsRead
    result.report.rowsRejected = 0
    result.report.notes.insert("idou table CSV: \(derived.count) derived figures (net, 三大都市圏, 地方圏) checked against the other rows, not stored; the totals not read; the year before from the differences", at: 0)
    return result
  }

  /// Counterpart rows made of the others: 三大都市圏 (東京圏 + 名古屋圏 + 大阪圏) and 地方圏 (全国計 − 三大都市圏).
  static let groupsOfRows: Set<String> = ["metro-total", "non-metro"]
}
