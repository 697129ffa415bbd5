import IdouCore

/// What the rows of a ``MonthlyTable`` are.
public enum MonthlyTableRows: String, CaseIterable, Sendable {
  /// Rows are counterparts (東京圏, 大阪圏, 福岡県, 全国計), columns months and the period total: the seed's table.
  case counterpart
  /// Rows are 総数, 男, 女 for 全国計 (男女別の社会増減), columns months and the period total.
  case sex
  /// Rows are months and the period total, columns counterparts.
  case month
}

/// The monthly report table (月報の表): an area's 転入, 転出 or 社会増減 by counterpart (or sex) for months 1…M of a
/// year and their total, each figure with its difference from the same period a year earlier — the table of the
/// seed report's 「本県における社会増減の推移」, e.g. 熊本県's 転出 to 東京圏 in January 2025: `385 (▲7)`.
///
/// A month the data does not have is *missing* (`nil`, shown `—`), never zero; a period total needs every month
/// of its range, and a difference needs both years, so neither is ever made up from partial data.
///
/// ```swift
/// let flows = try cube.counterpartFlows(of: "43", regions: nil)
/// let table = try MonthlyTable(flows: flows, year: 2025, through: 9, directions: [.outflow, .inflow, .net])
/// table.sections[0].cells[0][0]           // Cell(value: 385, previous: 392): "385 (▲7)"
/// print(table.render(.text))
/// ```
///
/// Projection and chart code read the figures from ``sections`` (cells by row and column) with the
/// ``rowHeaders`` and ``columnHeaders`` keys, or straight from ``flows``.
public struct MonthlyTable: Sendable, Equatable {
  /// One figure and the figure of the same period a year earlier; either may be missing.
  public struct Cell: Sendable, Equatable {
    /// The figure, or `nil` when the data does not have it.
    public var value: Int64?
    /// The figure of the same months a year earlier, or `nil` when the data does not have it.
    public var previous: Int64?

    public init(value: Int64?, previous: Int64?) {
      self.value = value
      self.previous = previous
    }

    /// value − previous (前年同月差), or `nil` unless both are there.
    public var difference: Int64? {
      guard let v = value, let p = previous else { return nil }
      return v - p
    }

    /// Japanese report style: `1,993 (+75)`, `385 (▲7)`, `169 (±0)`; `▲2,240 (▲79)` for a net figure;
    /// the bare figure when there is nothing to compare with; `—` when the figure is missing.
    public func display(signed: Bool) -> String {
      guard let v = value else { return MonthlyTable.missingMark }
      let figure = signed ? NumberStyle.japanese(v) : NumberStyle.count(v)
      guard let d = difference else { return figure }
      return "\(figure) (\(NumberStyle.difference(d)))"
    }
  }

  /// A row or column: a machine key (`tokyo-area`, `2025-01`, `total`, `1`) and a heading for people.
  public struct Header: Sendable, Equatable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
      self.key = key
      self.label = label
    }
  }

  /// The table of one direction: `cells[row][column]`.
  public struct Section: Sendable, Equatable {
    public var direction: FlowDirection
    public var cells: [[Cell]]
  }

  /// The mark of a missing figure.
  public static let missingMark = "—"

  /// The figures the table was made from.
  public let flows: CounterpartFlows
  public let year: Int
  /// The months 1…M shown; empty when the data holds only whole years (then the only column is the year).
  public let months: [Int]
  public let rows: MonthlyTableRows
  /// The sex of counterpart and month tables (a sex table has one row per sex).
  public let sex: Sex
  public let rowHeaders: [Header]
  public let columnHeaders: [Header]
  public let sections: [Section]
  /// Months of ``year`` in 1…M the data does not have.
  public let missing: [Period]
  /// Months (or the year) of ``year`` − 1 the data does not have, so those differences are not shown.
  public let missingPrevious: [Period]

  /// Builds the table from an area's counterpart figures.
  ///
  /// - Parameters:
  ///   - flows: 転入/転出 by counterpart (``MigrationCube/counterpartFlows(of:regions:)``).
  ///   - year: the calendar year; `nil` for the latest year in the data.
  ///   - through: the last month M (columns 1…M and their total); `nil` for the last month of `year` in the data.
  ///     Months in 1…M without data are shown missing.
  ///   - directions: the sections, in order.
  ///   - rows: counterparts (default), sexes, or months as rows.
  ///   - sex: the sex of counterpart and month tables.
  ///   - includeRest: whether その他 (the counterparts no group names) is a row; 全国計 always is.
  /// - Throws: `CubeError.noData` for a year, month range or sex the data does not have.
  /// - Complexity: O(rows · months · directions).
  public init(
    flows: CounterpartFlows, year: Int? = nil, through: Int? = nil,
    directions: [FlowDirection] = [.outflow, .inflow, .net], rows: MonthlyTableRows = .counterpart,
    sex: Sex = .total, includeRest: Bool = false
  ) throws(CubeError) {
    guard let y = year ?? flows.periods.map(\.year).max() else { throw CubeError.noData("any period") }
    let present = flows.periods.filter { $0.year == y && $0.isMonth }.map(\.month)
    let months: [Int]
    if let last = through {
      guard (1...12).contains(last) else { throw CubeError.noData("month \(last) (months are 1–12)") }
      if present.isEmpty {
        if flows.periodIndex(Period(year: y)) != nil {
          throw CubeError.noData("the months of \(y): the data gives only the year's total (omit --through)")
        }
        throw CubeError.noData("year \(y)")
      }
      months = Array(1...last)
    } else if let last = present.max() {
      months = Array(1...last)
    } else if flows.periodIndex(Period(year: y)) != nil {
      months = []
    } else {
      throw CubeError.noData("year \(y)")
    }
    guard flows.sexIndex(sex) != nil else { throw CubeError.noData("sex \(sex.label) (\(sex.word))") }

    self.flows = flows
    self.year = y
    self.months = months
    self.rows = rows
    self.sex = sex
    self.missing = months.compactMap { Period(year: y, month: $0) }.filter { flows.periodIndex($0) == nil }
    self.missingPrevious =
      months.isEmpty
      ? (flows.periodIndex(Period(year: y - 1)) == nil ? [Period(year: y - 1)] : [])
      : months.compactMap { Period(year: y - 1, month: $0) }.filter { flows.periodIndex($0) == nil }

    // Time columns (months, then the total) and counterparts.
    let total = Header(key: "total", label: months.isEmpty ? "\(y)年" : months.count == 1 ? "1月" : "1～\(months.count)月計")
    let times = months.map { Header(key: Period(year: y, month: $0)!.description, label: "\($0)月") } + [total]
    let counterparts = flows.counterparts.filter { includeRest || $0 != .rest }
    let counterpartHeaders = counterparts.map { Header(key: $0.codeText, label: $0.name) }
    let sexHeaders = flows.sexes.map { Header(key: String($0.rawValue), label: $0.label) }
    switch rows {
    case .counterpart: (rowHeaders, columnHeaders) = (counterpartHeaders, times)
    case .sex: (rowHeaders, columnHeaders) = (sexHeaders, times)
    case .month: (rowHeaders, columnHeaders) = (times, counterpartHeaders)
    }

    /// A figure summed over periods of year `year`, or `nil` when one of them is missing.
    func figure(_ direction: FlowDirection, year: Int, monthIndex: Int?, sex: Sex, counterpart: Area) -> Int64? {
      let periods: [Period] =
        months.isEmpty
        ? [Period(year: year)]
        : monthIndex.map { [Period(year: year, month: months[$0])!] } ?? months.map { Period(year: year, month: $0)! }
      var sum: Int64 = 0
      for p in periods {
        guard let v = flows.value(direction, period: p, sex: sex, counterpart: counterpart) else { return nil }
        sum += v
      }
      return sum
    }
    func cell(_ direction: FlowDirection, time: Int, sex: Sex, counterpart: Area) -> Cell {
      let m = time < months.count ? time : nil
      return Cell(
        value: figure(direction, year: y, monthIndex: m, sex: sex, counterpart: counterpart),
        previous: figure(direction, year: y - 1, monthIndex: m, sex: sex, counterpart: counterpart))
    }
    let national = CounterpartFlows.nationalTotal
    sections = directions.map { d in
      let cells: [[Cell]]
      switch rows {
      case .counterpart:
        cells = counterparts.map { c in times.indices.map { t in cell(d, time: t, sex: sex, counterpart: c) } }
      case .sex:
        cells = flows.sexes.map { s in times.indices.map { t in cell(d, time: t, sex: s, counterpart: national) } }
      case .month:
        cells = times.indices.map { t in counterparts.map { c in cell(d, time: t, sex: sex, counterpart: c) } }
      }
      return Section(direction: d, cells: cells)
    }
  }
}

extension MonthlyTable {
  /// The cell of a direction at a row and a column given by their keys, or `nil` when the table has no such
  /// section, row or column.
  ///
  /// ```swift
  /// table.cell(.outflow, row: "tokyo-area", column: "2025-01")   // Cell(value: 385, previous: 392)
  /// table.cell(.net, row: "00000", column: "total")?.difference  // -79
  /// ```
  public func cell(_ direction: FlowDirection, row: String, column: String) -> Cell? {
    guard let section = sections.first(where: { $0.direction == direction }),
      let r = rowHeaders.firstIndex(where: { $0.key == row }),
      let c = columnHeaders.firstIndex(where: { $0.key == column })
    else { return nil }
    return section.cells[r][c]
  }
}

// MARK: - Rendering

extension MonthlyTable {
  /// The period in words: `2025年1～9月` (`R7年1～9月`, `令和7年1～9月` with era labels), `2025年1月`, or `2025年` for a whole year.
  public func periodLabel(year: Int, era: YearStyle) -> String {
    let y = era.label(year)
    switch months.count {
    case 0: return y
    case 1: return y + "1月"
    default: return y + "1～\(months.count)月"
    }
  }

  /// The title of a section: `熊本県 転出 2025年1～9月 (括弧内は前年同期との差)`.
  public func title(of section: Section, era: YearStyle) -> String {
    let what = rows == .sex ? "\(section.direction.label) 男女別 (全国計)" : section.direction.label
    let sexNote = rows != .sex && sex != .total ? " \(sex.label)" : ""
    let previous = era.isEra ? era.label(year - 1) : "前年"
    return "\(flows.area.name) \(what)\(sexNote) \(periodLabel(year: year, era: era)) (括弧内は\(previous)同期との差)"
  }

  /// Notes on what is missing, printed under text and Markdown tables.
  public var footnotes: [String] {
    var notes: [String] = []
    if !missing.isEmpty {
      notes.append("\(Self.missingMark): no data for \(missing.map(\.description).joined(separator: ", ")) (missing, not zero); a total needs every month")
    }
    if rows == .sex && !flows.sexes.contains(.male) {
      notes.append("男・女: not in the data (it gives 総数 only)")
    }
    if !missingPrevious.isEmpty {
      notes.append("no data for \(missingPrevious.map(\.description).joined(separator: ", ")): no difference is shown where the year before is missing")
    }
    if let u = unknownDirections {
      notes.append("\(Self.missingMark): the data does not give the \(u.english) of \(flows.area.name) (its flows list only some areas at the other end): missing, not zero")
    }
    return notes
  }

  /// The heading of the row-label column.
  func rowHeading(_ direction: FlowDirection) -> String {
    switch rows {
    case .counterpart: direction.counterpartHeading
    case .sex: "性別"
    case .month: "月"
    }
  }

  /// A column heading; the year of an annual table is `R7年` with `era`.
  func heading(_ h: Header, era: YearStyle) -> String {
    era.isEra && h.key == "total" && months.isEmpty ? era.label(year) : h.label
  }

  /// One section as a display table (text and Markdown).
  public func displayTable(_ section: Section, era: YearStyle = false) -> Table {
    var t = Table(
      columns: [Table.Column(key: rows.rawValue, title: rowHeading(section.direction))]
        + columnHeaders.map { Table.Column(key: $0.key, title: heading($0, era: era), rightAligned: true) },
      title: title(of: section, era: era))
    for (r, header) in rowHeaders.enumerated() {
      let cells = section.cells[r].map { $0.display(signed: section.direction == .net) }
      t.append(display: [header.label] + cells, values: [.text(header.key)] + section.cells[r].map { $0.value.map(Table.Value.integer) ?? .null })
    }
    return t
  }

  /// All sections as one machine table (CSV, JSON): `direction`, the row key and name, then for each column its
  /// value and `_diff` (difference from a year earlier), plain numbers, empty / `null` when missing.
  ///
  /// Counterpart rows: `direction,counterpart,counterpart_name,2025-01,2025-01_diff,…,total,total_diff`.
  public var machineTable: Table {
    // The area first, so that every row says whose figures it holds (and the CSV reads back: MonthlyTableCSV).
    // The sex of a counterpart or month table is a column too (a table by sex has it in its rows).
    var columns = [Table.Column(key: "area"), Table.Column(key: "area_name")]
      + (rows == .sex ? [] : [Table.Column(key: "sex")])
      + [Table.Column(key: "direction"), Table.Column(key: rows.rawValue), Table.Column(key: rows.rawValue + "_name")]
    for h in columnHeaders {
      columns.append(Table.Column(key: h.key, rightAligned: true))
      columns.append(Table.Column(key: h.key + "_diff", rightAligned: true))
    }
    var t = Table(columns: columns)
    for section in sections {
      for (r, header) in rowHeaders.enumerated() {
        var values: [Table.Value] = [.text(flows.area.codeText), .text(flows.area.name)]
          + (rows == .sex ? [] : [.text(String(sex.rawValue))])
          + [.text(section.direction.rawValue), .text(header.key), .text(header.label)]
        for c in section.cells[r] {
          values.append(c.value.map(Table.Value.integer) ?? .null)
          values.append(c.difference.map(Table.Value.integer) ?? .null)
        }
        t.append(display: values.map { v in if case .text(let s) = v { s } else { "" } }, values: values)
      }
    }
    return t
  }

  /// The table as a document: text and Markdown one titled table per direction with the footnotes after the
  /// last, CSV and JSON ``machineTable``, a workbook ``sheets(era:)``.
  public func document(era: YearStyle = false, source: String? = nil) -> Document {
    var parts = sections.map { displayTable($0, era: era) }
    if !parts.isEmpty { parts[parts.count - 1].footnotes = footnotes }
    return Document(tables: parts, machine: machineTable, sheets: sheets(era: era), source: source)
  }

  /// The table in a format. Text and Markdown: one titled table per direction, separated by a blank line, the
  /// footnotes after the last; CSV and JSON: ``machineTable``.
  ///
  /// - Parameters:
  ///   - format: text (aligned by display width), csv, json or markdown.
  ///   - era: label years as `R7年` instead of `2025年`.
  public func render(_ format: OutputFormat, era: YearStyle = false) -> String {
    switch format {
    case .xlsx:
      preconditionFailure("a workbook is written from sheets(era:)")
    case .csv, .json:
      return machineTable.render(format)
    case .text, .markdown:
      var parts = sections.map { displayTable($0, era: era) }
      if !parts.isEmpty { parts[parts.count - 1].footnotes = footnotes }
      return parts.map { $0.render(format) }.joined(separator: "\n")
    }
  }
}

// MARK: - Workbook sheets

extension MonthlyTable {
  /// One sheet per direction, as a statistician's workbook lays the seed's table out: the counterpart (or sex, or
  /// month) column, then for every month and the period total the figure and its 前年同月差 (前年同期差 for the
  /// total) in a column of its own, both numbers: `385 (▲7)` becomes 385 and −7, shown `▲7` by the number format.
  ///
  /// ```swift
  /// let sheet = table.sheets()[0]     // 転出
  /// sheet.columns.map(\.title)        // ["転出先", "1月", "1月 前年同月差", …, "1～9月計", "1～9月計 前年同期差"]
  /// sheet.values[0][1]                // .integer(385)
  /// sheet.values[0][2]                // .integer(-7)
  /// ```
  public func sheets(era: YearStyle = false) -> [Table] {
    sections.map { section in
      var columns = [Table.Column(key: rows.rawValue, title: rowHeading(section.direction))]
      for h in columnHeaders {
        let label = heading(h, era: era)
        let total = h.key == "total"
        columns.append(Table.Column(key: h.key, title: label, rightAligned: true, kind: .figure))
        columns.append(Table.Column(
          key: h.key + "_diff", title: "\(label) \(total ? (months.isEmpty ? "前年差" : "前年同期差") : "前年同月差")",
          rightAligned: true, kind: .difference))
      }
      var t = Table(columns: columns, title: sheetTitle(of: section, era: era))
      for (r, header) in rowHeaders.enumerated() {
        var values: [Table.Value] = [.text(header.label)]
        var shown = [header.label]
        for c in section.cells[r] {
          values.append(c.value.map(Table.Value.integer) ?? .null)
          values.append(c.difference.map(Table.Value.integer) ?? .null)
          shown.append(c.value.map(NumberStyle.japanese) ?? Self.missingMark)
          shown.append(c.difference.map(NumberStyle.difference) ?? "")
        }
        t.append(display: shown, values: values)
      }
      t.sheetName = section.direction.label
      t.scope = scopeLine
      t.footnotes = sheetNotes
      return t
    }
  }

  /// `熊本県 転出 2025年1～9月（前年同期との差を併記）`.
  func sheetTitle(of section: Section, era: YearStyle) -> String {
    let what = rows == .sex ? "\(section.direction.label) 男女別（全国計）" : section.direction.label
    let sexNote = rows != .sex && sex != .total ? " \(sex.label)" : ""
    let compared = missingPrevious.count == max(1, months.count) ? "" : "（前年同期との差を併記）"
    return "\(flows.area.name) \(what)\(sexNote) \(periodLabel(year: year, era: era))\(compared)"
  }

  /// Who is counted and which boundary the moves cross: `移動者（日本人・外国人計）、他都道府県との移動`.
  var scopeLine: String {
    let who: String
    switch flows.scope {
    case .all: who = "移動者（日本人・外国人計）"
    case .japanese: who = "日本人移動者"
    case .foreign: who = "外国人移動者"
    }
    let boundary = flows.area.level == .prefecture ? "他都道府県との移動" : "他市区町村との移動"
    return "\(who)、\(boundary)"
  }

  /// The directions the flows do not give for the area (転出 of a municipality in a table of 転入 into it).
  var unknownDirections: (english: String, japanese: String)? {
    switch (flows.inflowKnown, flows.outflowKnown) {
    case (true, true): nil
    case (false, true): ("転入 (so its 社会増減)", "転入（したがって社会増減）")
    case (true, false): ("転出 (so its 社会増減)", "転出（したがって社会増減）")
    case (false, false): ("転入 and 転出", "転入・転出")
    }
  }

  /// The notes of a sheet, in Japanese: what — means, what is missing.
  var sheetNotes: [String] {
    var notes: [String] = []
    if !missing.isEmpty {
      notes.append("注：\(Self.missingMark) はデータのない月（\(missing.map(\.description).joined(separator: "、"))）。0ではない。期間計はすべての月がそろう場合のみ")
    }
    if !missingPrevious.isEmpty {
      notes.append("注：前年の\(missingPrevious.map(\.description).joined(separator: "、"))はデータがないため、その差は示していない")
    }
    if rows == .sex && !flows.sexes.contains(.male) {
      notes.append("注：男・女はデータにない（総数のみ）")
    }
    if let u = unknownDirections {
      notes.append("注：\(flows.area.name)の\(u.japanese)はデータにない（相手先の一部しか示さない表）。\(Self.missingMark) は0ではない")
    }
    return notes
  }
}
