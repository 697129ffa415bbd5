import IdouCore

/// The two CSV forms e-Stat gives this survey's tables in.
public enum EStatForm: String, Sendable {
  /// The database download (統計表 → CSV): a metadata block, then `<名> コード`/`<名>` column pairs and either a
  /// `value` column or a cross-tab spread named in the line above the header (`/性別 コード`, `0`, `1`, `2`).
  case download
  /// The API `getSimpleStatsData` CSV: `RESULT`, `PARAMETER`, `TABLE_INF`… blocks, then `VALUE` and a header
  /// `tab_code`, `表章項目`, `cat01_code`, …, `time_code`, …, `unit`, `value`, `annotation`.
  case api
}

/// The columns of an e-Stat table, worked out from its header: which column holds which dimension's code and
/// label, and where the values are.
struct EStatLayout {
  struct Dimension {
    var name: String
    var role: EStatRole
    /// 0-based column of the code.
    var codeColumn: Int
    /// 0-based column of the label, when the table has one.
    var labelColumn: Int?
  }

  struct SpreadColumn {
    var column: Int
    var code: String
    var label: String
  }

  enum Values {
    /// One value per row, in `value` (with `unit`).
    case single(valueColumn: Int)
    /// A cross-tab: one dimension spread over the columns after `/<名>`.
    case spread(name: String, role: EStatRole, marker: Int, columns: [SpreadColumn])
  }

  var form: EStatForm
  var headerLine: Int
  var width: Int
  var dimensions: [Dimension]
  var values: Values
  /// 統計名, 表番号, 表題… in file order.
  var metadata: [(key: String, value: String)] = []
  /// Marker symbols the legend defines (`***`, `-`).
  var legend: [String] = []

  /// The symbols that stand for "no value" in every table of this survey, and those a legend adds.
  static let standardMarkers: Set<String> = ["***", "-", "…", "...", "x", "X", "－", "―"]

  /// Reads records up to and including the header and works out the layout.
  /// - Throws: `DataError` naming the line and column that could not be understood.
  static func read(_ csv: inout CSVReader, form: EStatForm, file: String) throws(DataError) -> EStatLayout {
    var metadata: [(key: String, value: String)] = []
    var legend: [String] = []
    var spreadLine: CSVReader.Record?
    var lastLine = 0
    while let record = try csv.next() {
      lastLine = record.line
      let fields = record.fields.map { $0.trimmedField }
      if fields.allSatisfy(\.isEmpty) { continue }
      switch form {
      case .download:
        if fields.contains(where: { $0.hasPrefix("/") && $0.hasSuffix("コード") }) {
          spreadLine = record
          continue
        }
        if fields.contains(where: { downloadDimensionName($0) != nil }) {
          return try layout(header: record, spreadLine: spreadLine, form: form, file: file,
                            metadata: metadata, legend: legend)
        }
        let rest = fields.dropFirst(2)
        guard rest.allSatisfy(\.isEmpty) else {
          throw DataError(
            file: file, line: record.line, column: 1,
            reason: "expected the e-Stat table header ('<dimension> コード','<dimension>' column pairs) before the data, found '\(fields.prefix(4).joined(separator: ",").shown)'")
        }
        let key = fields[0], value = fields.count > 1 ? fields[1] : ""
        if standardMarkers.contains(key) || (value.contains("数値がない") && key.unicodeScalars.count <= 4) {
          legend.append(key)
        } else if !key.isEmpty {
          metadata.append((key: key.trimmingSuffix("：").trimmingSuffix(":"), value: value))
        }
      case .api:
        if fields.contains(where: { $0.hasSuffix("_code") }) && fields.contains("value") {
          return try layout(header: record, spreadLine: nil, form: form, file: file, metadata: metadata, legend: [])
        }
        if fields.count >= 2, ["STAT_NAME", "TITLE", "STATISTICS_NAME"].contains(fields[0]) {
          metadata.append((key: fields[0], value: fields[1]))
        }
      }
    }
    throw DataError(
      file: file, line: lastLine + 1, column: 1,
      reason: form == .download
        ? "no e-Stat table header: expected a line of '<dimension> コード','<dimension>' column pairs"
        : "no VALUE header: expected 'tab_code',…,'value' after the API's metadata blocks")
  }

  /// `移動後の住所地 コード` → `移動後の住所地` (a download's code column), else `nil`.
  static func downloadDimensionName(_ field: String) -> String? {
    guard !field.hasPrefix("/"), field.hasSuffix("コード") else { return nil }
    let name = String(field.dropLast(3)).trimmedField
    return name.isEmpty ? nil : name
  }

  static func layout(header: CSVReader.Record, spreadLine: CSVReader.Record?, form: EStatForm, file: String,
                     metadata: [(key: String, value: String)], legend: [String]) throws(DataError) -> EStatLayout {
    let fields = header.fields.map { $0.trimmedField }
    var dimensions: [Dimension] = []
    var valueColumn: Int?
    var spreadMarker: Int?
    if let s = spreadLine {
      spreadMarker = s.fields.firstIndex { $0.trimmedField.hasPrefix("/") }
    }
    func fail(_ column: Int, _ reason: String) -> DataError {
      DataError(file: file, line: header.line, column: column + 1, reason: reason)
    }
    var i = 0
    while i < fields.count {
      let f = fields[i]
      if let m = spreadMarker, i == m { break }
      let name: String?
      switch form {
      case .download: name = downloadDimensionName(f)
      case .api: name = f.hasSuffix("_code") ? (i + 1 < fields.count ? fields[i + 1] : f) : nil
      }
      if let name {
        guard let role = EStatRole.classify(name) ?? (form == .api && f == "tab_code" ? .measure : nil)
          ?? (form == .api && f == "time_code" ? .time : nil) ?? (form == .api && f == "area_code" ? .area : nil)
        else {
          throw fail(i, "unknown dimension '\(name.shown)': idou maps \(EStatRole.known)")
        }
        if let other = dimensions.first(where: { $0.role == role }) {
          throw fail(i, "dimensions '\(other.name.shown)' and '\(name.shown)' both read as \(role.rawValue)")
        }
        let hasLabel = i + 1 < fields.count && (form == .api || fields[i + 1] == name)
        dimensions.append(Dimension(name: name, role: role, codeColumn: i, labelColumn: hasLabel ? i + 1 : nil))
        i += hasLabel ? 2 : 1
        continue
      }
      switch f {
      case "value", "値":
        guard valueColumn == nil else { throw fail(i, "a second value column") }
        valueColumn = i
      case "unit", "単位", "annotation", "注釈", "注釈記号", "表章単位":
        break
      default:
        throw fail(i, "column '\(f.shown)' is neither a '<dimension> コード' column, its label, nor value/unit")
      }
      i += 1
    }
    guard !dimensions.isEmpty else { throw fail(0, "the header names no dimension") }
    let values: Values
    if let m = spreadMarker, let s = spreadLine {
      guard valueColumn == nil else { throw fail(valueColumn!, "a value column and a cross-tab spread in one table") }
      let spreadHead = s.fields[m].trimmedField
      let name = String(spreadHead.dropFirst().dropLast(3)).trimmedField
      guard let role = EStatRole.classify(name) else {
        throw DataError(file: file, line: s.line, column: m + 1,
                        reason: "unknown dimension '\(name.shown)' spread across the columns: idou maps \(EStatRole.known)")
      }
      if let other = dimensions.first(where: { $0.role == role }) {
        throw DataError(file: file, line: s.line, column: m + 1,
                        reason: "dimensions '\(other.name.shown)' and '\(name.shown)' both read as \(role.rawValue)")
      }
      guard m < fields.count, fields[m].hasPrefix("/") else {
        throw fail(min(m, fields.count - 1), "expected '/\(name)' in this column, under '\(spreadHead.shown)' of line \(s.line)")
      }
      var columns: [SpreadColumn] = []
      for c in (m + 1)..<max(m + 1, fields.count) {
        let code = c < s.fields.count ? s.fields[c].trimmedField : ""
        guard !code.isEmpty else {
          throw DataError(file: file, line: s.line, column: c + 1,
                          reason: "no \(name) code above the column '\(fields[c].shown)'")
        }
        columns.append(SpreadColumn(column: c, code: code, label: fields[c]))
      }
      guard !columns.isEmpty else { throw fail(m, "the cross-tab has no value columns after '/\(name)'") }
      values = .spread(name: name, role: role, marker: m, columns: columns)
    } else {
      guard let v = valueColumn else {
        throw fail(fields.count - 1, "no value column: expected 'value' or a cross-tab named in the line above the header")
      }
      values = .single(valueColumn: v)
    }
    return EStatLayout(form: form, headerLine: header.line, width: fields.count, dimensions: dimensions,
                       values: values, metadata: metadata, legend: legend)
  }
}

extension String {
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
