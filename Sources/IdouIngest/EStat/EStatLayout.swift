import IdouCore

/// The two CSV forms e-Stat gives this survey's tables in.
public enum EStatForm: String, Sendable {
  /// The database download (統計表 → CSV), as saved or trimmed: metadata lines, `<名> コード` (`補助コード`) `<名>`
  /// column groups, and a `value` column or a cross-tab spread over one or more dimensions in the lines above the
  /// header (`/表章項目 コード`, `/性別 コード` …), or, trimmed, label rows above a header whose value cells are units.
  case download
  /// The API `getSimpleStatsData` CSV: `RESULT`, `PARAMETER`, `TABLE_INF`… blocks, then `VALUE` and a header
  /// `tab_code`, `表章項目`, `cat01_code`, …, `time_code`, …, `unit`, `value`, `annotation`.
  case api
}

/// The columns of an e-Stat table, worked out from the lines above its data (docs/ARCHITECTURE.md §4): which
/// column holds which dimension's code and label, and what each value column is.
struct EStatLayout {
  struct Dimension {
    var name: String
    var role: EStatRole
    /// 0-based column of the code; `nil` when the table gives the label only (a trimmed export's 表章項目).
    var codeColumn: Int?
    /// 0-based column of the label, when the table has one.
    var labelColumn: Int?
  }

  /// A dimension spread across the value columns.
  struct Spread {
    var name: String
    var role: EStatRole
    /// The line that gives its codes (or labels), for messages.
    var line: Int
  }

  /// One value column of a cross-tab: its column and, for each spread dimension, the code and label over it.
  struct ValueColumn {
    var column: Int
    var coordinates: [(code: String, label: String)]
  }

  var form: EStatForm
  var headerLine: Int
  var width: Int
  var dimensions: [Dimension]
  /// The `value` column of a table with one value per row.
  var valueColumn: Int?
  /// The spread dimensions of a cross-tab (outer first) and its value columns.
  var spreads: [Spread] = []
  var values: [ValueColumn] = []
  /// The column holding `/<名>` in the header (data rows leave it empty), when there is one.
  var spacer: Int?
  /// 統計名, 表番号, 表題… in file order.
  var metadata: [(key: String, value: String)] = []
  /// Marker symbols the legend defines (`***`, `-`).
  var legend: [String] = []

  /// The symbols that stand for "no value" in every table of this survey, and those a legend adds.
  static let standardMarkers: Set<String> = Vocabulary.noValueMarkers

  /// A spread line above the header: `"/表章項目 コード","01","01",…`, `"/表章項目 補助コード",…`, `"/表章項目",…`.
  struct SpreadLine {
    enum Kind { case code, auxiliary, label }
    var name: String
    var kind: Kind
    var line: Int
    /// The cells from the `/…` column on.
    var start: Int
    var cells: [String]
  }

  /// Reads records up to and including the header and works out the layout.
  /// - Throws: `DataError` naming the line and column that could not be understood.
  static func read(_ csv: inout CSVReader, form: EStatForm, file: String) throws(DataError) -> EStatLayout {
    var metadata: [(key: String, value: String)] = []
    var legend: [String] = []
    var spreadLines: [SpreadLine] = []
    var labelRows: [CSVReader.Record] = []
    var lastLine = 0
    while let record = try csv.next() {
      lastLine = record.line
      let fields = record.fields.map(\.trimmedField)
      if fields.allSatisfy(\.isEmpty) { continue }
      switch form {
      case .api:
        if fields.contains(where: { $0.hasSuffix("_code") }) && fields.contains("value") {
          return try layout(header: record, form: form, file: file, spreadLines: [], labelRows: [],
                            metadata: metadata, legend: [])
        }
        if fields.count >= 2, ["STAT_NAME", "TITLE", "STATISTICS_NAME"].contains(fields[0]) {
          metadata.append((key: fields[0], value: fields[1]))
        }
      case .download:
        if fields.contains(where: { downloadDimensionName($0) != nil }) {
          return try layout(header: record, form: form, file: file, spreadLines: spreadLines, labelRows: labelRows,
                            metadata: metadata, legend: legend)
        }
        if let m = fields.firstIndex(where: { $0.hasPrefix("/") }) {
          spreadLines.append(try spreadLine(fields, at: m, line: record.line, file: file))
          continue
        }
        let key = fields[0]
        let rest = fields.dropFirst().filter { !$0.isEmpty }
        if standardMarkers.contains(key) || (rest.first?.contains("数値がない") ?? false && key.unicodeScalars.count <= 4) {
          legend.append(key)
        } else if key.hasSuffix("：") || key.hasSuffix(":") {
          // A metadata line of one to many cells: `"実施年月：","-","-"`.
          metadata.append((key: key.trimmingSuffix("：").trimmingSuffix(":"), value: rest.joined(separator: " ")))
        } else if key == "「凡例」" || key == "凡例" || (fields.count <= 2 && rest.isEmpty && !key.isEmpty && labelRows.isEmpty) {
          metadata.append((key: key, value: ""))
        } else if key.isEmpty {
          // Labels over the value columns of a trimmed export (総数, 男, 女; 0歳～4歳 …), above its header.
          labelRows.append(record)
        } else {
          throw DataError(
            file: file, line: record.line, column: 1,
            reason: "expected the e-Stat table header ('<dimension> コード','<dimension>' columns) or a metadata line ('<項目>：',…) before the data, found '\(fields.prefix(4).joined(separator: ",").shown)'")
        }
      }
    }
    throw DataError(
      file: file, line: lastLine + 1, column: 1,
      reason: form == .download
        ? "no e-Stat table header: expected a line of '<dimension> コード','<dimension>' columns"
        : "no VALUE header: expected 'tab_code',…,'value' after the API's metadata blocks")
  }

  static func spreadLine(_ fields: [String], at m: Int, line: Int, file: String) throws(DataError) -> SpreadLine {
    var head = String(fields[m].dropFirst()).trimmedField
    let kind: SpreadLine.Kind
    if head.hasSuffix("補助コード") {
      kind = .auxiliary
      head = String(head.dropLast(5))
    } else if head.hasSuffix("コード") {
      kind = .code
      head = String(head.dropLast(3))
    } else {
      kind = .label
    }
    let name = head.trimmedField
    guard !name.isEmpty else {
      throw DataError(file: file, line: line, column: m + 1, reason: "'\(fields[m].shown)' names no dimension")
    }
    return SpreadLine(name: name, kind: kind, line: line, start: m, cells: Array(fields[(m + 1)...]))
  }

  /// `移動後の住所地 コード` and `国籍コード` → the dimension's name (a download's code column), else `nil`.
  static func downloadDimensionName(_ field: String) -> String? {
    guard !field.hasPrefix("/"), field.hasSuffix("コード"), !field.hasSuffix("補助コード") else { return nil }
    let name = String(field.dropLast(3)).trimmedField
    return name.isEmpty ? nil : name
  }

  static func layout(header: CSVReader.Record, form: EStatForm, file: String, spreadLines: [SpreadLine],
                     labelRows: [CSVReader.Record], metadata: [(key: String, value: String)],
                     legend: [String]) throws(DataError) -> EStatLayout {
    let fields = header.fields.map(\.trimmedField)
    func fail(_ column: Int, _ reason: String) -> DataError {
      DataError(file: file, line: header.line, column: column + 1, reason: reason)
    }
    var dimensions: [Dimension] = []
    var valueColumn: Int?
    var spacer: Int?
    func add(_ name: String, code: Int?, label: Int?, at i: Int) throws(DataError) {
      guard let role = EStatRole.classify(name) ?? (form == .api ? apiRole(fields[i]) : nil) else {
        throw fail(i, "unknown dimension '\(name.shown)': idou maps \(EStatRole.known)")
      }
      if let other = dimensions.first(where: { $0.role == role }) {
        throw fail(i, "dimensions '\(other.name.shown)' and '\(name.shown)' both read as \(role.rawValue)")
      }
      dimensions.append(Dimension(name: name, role: role, codeColumn: code, labelColumn: label))
    }
    var i = 0
    var firstValue: Int?
    while i < fields.count {
      let f = fields[i]
      if f.hasPrefix("/") {
        spacer = i
        firstValue = i + 1
        break
      }
      if form == .api, f.hasSuffix("_code") {
        let hasLabel = i + 1 < fields.count && !fields[i + 1].hasSuffix("_code") && !["unit", "value"].contains(fields[i + 1])
        try add(hasLabel ? fields[i + 1] : f, code: i, label: hasLabel ? i + 1 : nil, at: i)
        i += hasLabel ? 2 : 1
        continue
      }
      if form == .download, let name = downloadDimensionName(f) {
        var j = i + 1
        if j < fields.count, downloadAuxiliary(fields[j], of: name) { j += 1 }  // 補助コード: not used
        let hasLabel = j < fields.count && fields[j] == name
        try add(name, code: i, label: hasLabel ? j : nil, at: i)
        i = hasLabel ? j + 1 : j
        continue
      }
      switch f {
      case "value", "値":
        guard valueColumn == nil else { throw fail(i, "a second value column") }
        valueColumn = i
        i += 1
        continue
      case "unit", "単位", "annotation", "注釈", "注釈記号", "表章単位":
        i += 1
        continue
      default: break
      }
      // A dimension given by its label only (a trimmed export's 表章項目), before any code column ends.
      if form == .download, EStatRole.classify(f) != nil, valueColumn == nil, firstValue == nil,
        !dimensions.contains(where: { $0.role == EStatRole.classify(f) })
      {
        try add(f, code: nil, label: i, at: i)
        i += 1
        continue
      }
      // The value columns of a cross-tab: the rest of the header (units or the innermost dimension's labels).
      if !spreadLines.isEmpty || !labelRows.isEmpty {
        firstValue = i
        break
      }
      throw fail(i, "column '\(f.shown)' is neither a '<dimension> コード' column, its label, nor value/unit")
    }
    guard !dimensions.isEmpty else { throw fail(0, "the header names no dimension") }

    var layout = EStatLayout(form: form, headerLine: header.line, width: fields.count, dimensions: dimensions,
                             valueColumn: valueColumn, spacer: spacer, metadata: metadata, legend: legend)
    guard let first = firstValue else {
      guard valueColumn != nil else {
        throw fail(fields.count - 1, "no value column: expected 'value' or a cross-tab named in the lines above the header")
      }
      return layout
    }
    guard valueColumn == nil else { throw fail(valueColumn!, "a value column and a cross-tab spread in one table") }
    guard first < fields.count else { throw fail(first - 1, "the cross-tab has no value columns") }
    let columns = Array(first..<fields.count)

    if !spreadLines.isEmpty {
      // `/X コード` lines name the spread dimensions, outer first; `/X` lines (and the header, for the innermost)
      // give their labels; 補助コード lines are not used.
      var names: [String] = []
      for l in spreadLines where l.kind == .code && !names.contains(l.name) { names.append(l.name) }
      if let s = spacer {
        let inner = String(fields[s].dropFirst()).trimmedField
        if !inner.isEmpty && !names.contains(inner) { names.append(inner) }
      }
      for name in names {
        let codeLine = spreadLines.first { $0.name == name && $0.kind == .code }
        let lineNumber = codeLine?.line ?? header.line
        guard let role = EStatRole.classify(name) else {
          throw DataError(file: file, line: lineNumber, column: (codeLine?.start ?? spacer ?? 0) + 1,
                          reason: "unknown dimension '\(name.shown)' spread across the columns: idou maps \(EStatRole.known)")
        }
        if let other = dimensions.first(where: { $0.role == role }) ?? layout.spreads.first(where: { $0.role == role }).map({
          Dimension(name: $0.name, role: $0.role) }) {
          throw DataError(file: file, line: lineNumber, column: (codeLine?.start ?? 0) + 1,
                          reason: "dimensions '\(other.name.shown)' and '\(name.shown)' both read as \(role.rawValue)")
        }
        layout.spreads.append(Spread(name: name, role: role, line: lineNumber))
      }
      for c in columns {
        var coordinates: [(String, String)] = []
        for (k, name) in names.enumerated() {
          func cell(_ l: SpreadLine?) -> String? {
            guard let l else { return nil }
            let idx = c - l.start - 1
            return idx >= 0 && idx < l.cells.count ? l.cells[idx] : nil
          }
          let code = cell(spreadLines.first { $0.name == name && $0.kind == .code }) ?? ""
          var label = cell(spreadLines.first { $0.name == name && $0.kind == .label }) ?? ""
          if label.isEmpty && k == names.count - 1 { label = fields[c] }
          if code.isEmpty && label.isEmpty {
            throw DataError(file: file, line: layout.spreads[k].line, column: c + 1,
                            reason: "no \(name) code or label above the column '\(fields[c].shown)'")
          }
          coordinates.append((code, label))
        }
        layout.values.append(ValueColumn(column: c, coordinates: coordinates))
      }
      return layout
    }

    // A trimmed export: rows of labels over the value columns, each a dimension told by its labels.
    var perRow: [[String]] = []
    for r in labelRows {
      let cells = r.fields.map(\.trimmedField)
      let labels = columns.map { $0 < cells.count ? cells[$0] : "" }
      guard let role = labelRole(labels) else {
        let bad = columns.first { c in
          let t = c < cells.count ? cells[c] : ""
          return Vocabulary.sex(t) == nil && AgeClass(label: t) == nil && !isOfWhich(t)
        } ?? first
        throw DataError(file: file, line: r.line, column: bad + 1,
                        reason: "cannot tell which dimension the labels of this line are (sex: 総数/男/女, age: 0歳～4歳 …): '\((bad < cells.count ? cells[bad] : "").shown)'")
      }
      if let other = dimensions.first(where: { $0.role == role }) ?? layout.spreads.first(where: { $0.role == role }).map({
        Dimension(name: $0.name, role: $0.role) }) {
        throw DataError(file: file, line: r.line, column: first + 1,
                        reason: "this line's labels read as \(role.rawValue), which '\(other.name.shown)' is already")
      }
      layout.spreads.append(Spread(name: role == .sex ? "性別" : "年齢", role: role, line: r.line))
      perRow.append(labels)
    }
    for (k, c) in columns.enumerated() {
      layout.values.append(ValueColumn(column: c, coordinates: perRow.map { ("", $0[k]) }))
    }
    return layout
  }

  /// `国籍 補助コード` after `国籍 コード`.
  static func downloadAuxiliary(_ field: String, of name: String) -> Bool {
    guard field.hasSuffix("補助コード") else { return false }
    return String(field.dropLast(5)).trimmedField == name
  }

  /// The API's own code columns: `tab_code` 表章項目, `time_code`, `area_code`.
  static func apiRole(_ field: String) -> EStatRole? {
    switch field {
    case "tab_code": .measure
    case "time_code": .time
    case "area_code": .area
    default: nil
    }
  }

  /// Whether a label over a value column is a part of the 総数 beside it rather than a class (the 転入 tables'
  /// `移動前の住所地不詳` among the ages).
  static func isOfWhich(_ label: String) -> Bool { label.contains("不詳") }

  /// The dimension a row of labels spreads: sex when every label is a sex word, age when every one is an age class
  /// (or a 不詳 part); `nil` otherwise.
  static func labelRole(_ labels: [String]) -> EStatRole? {
    let nonEmpty = labels.filter { !$0.isEmpty }
    guard nonEmpty.count == labels.count else { return nil }
    if nonEmpty.allSatisfy({ ["総数", "男", "女", "男女計", "計", "男性", "女性"].contains($0) }) { return .sex }
    if nonEmpty.allSatisfy({ AgeClass(label: $0) != nil || isOfWhich($0) }) { return .age }
    return nil
  }
}

extension String {
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
