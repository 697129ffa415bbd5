import IdouCore

/// Reads the CSV files e-Stat gives for 住民基本台帳人口移動報告 tables — the database download and the API's
/// `getSimpleStatsData` form (DESIGN §3.4) — into cubes, without being told the table number.
///
/// The dimensions are recognised by name (``EStatRole``); values may be one `value` column or a cross-tab whose
/// spread dimension is named in the line above the header. What the values become:
///
/// - a table with both 移動前の住所地 and 移動後の住所地: origin → destination flows. An origin `00999` 総数 (or a
///   `00000` 全国 on either side) is a total: checked against the sum of the other areas when they are given, or
///   else stored with ``Area/unspecified`` (不詳) as that end.
/// - a table of per-area 転入者数 / 転出者数: 不詳 → area and area → 不詳, so 転入 and 転出 of every area come out
///   of the same cube as any other input's.
/// - 転入超過数 is derived (転入 − 転出): checked against the 転入 and 転出 of the table, never stored; rates
///   (転入超過率) are not counts and their rows are rejected with a note.
/// - `***`, `-` and the legend's other symbols are "no value": counted as markers, never zero.
/// - one cube per 国籍 (移動者 60000, 日本人移動者 61000, 外国人移動者 62000): two scopes never mix.
///
/// 総数 = 男 + 女 is checked wherever a table gives all three; a row where it fails becomes a warning with its
/// line numbers in the report's notes (the figures are kept as given).
///
/// ```swift
/// let result = try EStatReader().read(bytes: utf8Bytes, file: "FEH_00200523_2401.csv")
/// result.cubes.map(\.scope)         // [.all, .japanese]
/// ```
public struct EStatReader {
  public init() {}

  /// Reads a file in any encoding idou knows (UTF-8 with or without BOM, CP932).
  public func read(path: String) throws -> ScopedReadResult {
    let (bytes, encoding) = try TextEncoding.utf8(InputFile.bytes(path), file: path)
    return try read(bytes: bytes, file: path, encoding: encoding)
  }

  /// Reads UTF-8 bytes (transcode CP932 first with ``TextEncoding/utf8(_:file:)``).
  /// - Throws: `DataError` with the line and column of the first thing not understood.
  public func read(bytes: [UInt8], file: String, encoding: TextEncoding = .utf8) throws(DataError) -> ScopedReadResult {
    var csv = CSVReader(bytes: bytes, file: file)
    let form = try Self.form(of: bytes, file: file)
    let layout = try EStatLayout.read(&csv, form: form, file: file)
    var assembler = EStatAssembler(file: file, layout: layout)
    while let record = try csv.next() {
      if record.fields.allSatisfy({ $0.trimmedField.isEmpty }) { continue }
      try assembler.add(record)
    }
    var result = try assembler.finish()
    var info = "e-Stat \(form == .download ? "download" : "API CSV"), \(encoding.rawValue)"
    let described = layout.metadata.filter { ["表番号", "表題", "TITLE"].contains($0.key) }.map { "\($0.key) \($0.value)" }
    if !described.isEmpty { info += ": " + described.joined(separator: "; ") }
    result.report.notes.insert(info, at: 0)
    return result
  }

  /// Whether bytes look like an e-Stat table, and which form.
  public static func sniff(_ bytes: [UInt8], file: String) -> EStatForm? {
    var csv = CSVReader(bytes: bytes, file: file)
    var seen = 0
    while seen < 400, let record = try? csv.next() {
      seen += 1
      let fields = record.fields.map { $0.trimmedField }
      if fields.allSatisfy(\.isEmpty) { continue }
      if fields.count == 1 && ["RESULT", "VALUE", "STATISTICAL_DATA", "PARAMETER"].contains(fields[0]) { return .api }
      if fields.contains(where: { $0.hasSuffix("_code") }) && fields.contains("value") { return .api }
      if fields[0].hasPrefix("統計名") || fields[0].hasPrefix("表番号") || fields[0].hasPrefix("表題") { return .download }
      if fields.contains(where: { $0.hasSuffix("コード") && ($0.hasPrefix("/") || EStatLayout.downloadDimensionName($0) != nil) }) {
        return .download
      }
      return nil
    }
    return nil
  }

  static func form(of bytes: [UInt8], file: String) throws(DataError) -> EStatForm {
    guard let f = sniff(bytes, file: file) else {
      throw DataError(file: file, line: 1, column: 1, reason: "not an e-Stat table (no 統計名, header pairs or VALUE block)")
    }
    return f
  }
}

/// Turns e-Stat data rows into flows, checks and cubes.
struct EStatAssembler {
  /// A flow's coordinates; areas are indices into ``cubeAreas`` (hashing integers, not area names).
  struct Key: Hashable {
    var scope: PopulationScope
    var period: Period
    var sex: Sex
    var origin: Int32
    var destination: Int32
  }

  /// A value before its table's shape is known: which end is a total is decided at the end.
  struct Pending {
    var measure: EStatMeasure
    var scope: PopulationScope
    var period: Period
    var sex: Sex
    var origin: Int32?
    var destination: Int32?
    var area: Int32?
    var value: Int64
    var line: Int
    var column: Int
  }

  let file: String
  let layout: EStatLayout
  var report: ReadReport
  var markers: Set<String>
  var pending: [Pending] = []
  var rowsByScope: [PopulationScope: Int] = [:]
  var valuesByScope: [PopulationScope: Int] = [:]
  var notCountRows = 0
  /// Rows of 移動者数 in a table of single areas (都道府県内移動者数): neither 転入 nor 転出 of the area.
  var withinAreaRows = 0
  /// 転入超過数 values of an origin–destination table (derived; nothing to check them against).
  var odNetValues = 0
  /// Whether the table names a single area without saying which end it is (地域, 全国・都道府県).
  let plainAreaTable: Bool

  // Parsed-code caches (a table repeats a handful of codes thousands of times).
  var measures: [String: EStatMeasure] = [:]
  var scopes: [String: PopulationScope] = [:]
  var sexes: [String: Sex] = [:]
  var periods: [String: Period] = [:]
  /// Area codes as the file writes them → index into ``areaTable``.
  var areaRefs: [String: Int32] = [:]
  var areaTable: [EStatArea] = []
  /// The areas of the cubes (deduplicated by canonical code: `43000` and `43` are one area).
  var cubeAreas: [Area] = []

  init(file: String, layout: EStatLayout) {
    self.file = file
    self.layout = layout
    self.report = ReadReport(file: file)
    self.report.valuesUsed = 0
    self.markers = EStatLayout.standardMarkers.union(layout.legend)
    var roles = layout.dimensions.map(\.role)
    if case .spread(_, let role, _, _) = layout.values { roles.append(role) }
    self.plainAreaTable = roles.contains(.area) && !roles.contains(.origin) && !roles.contains(.destination)
  }

  /// The coordinates of one value: the row's dimensions plus, in a cross-tab, its column's.
  struct Coordinates {
    var measure: EStatMeasure?
    var scope: PopulationScope?
    var sex: Sex?
    var period: Period?
    var origin: Int32?
    var destination: Int32?
    var area: Int32?
  }

  mutating func set(_ role: EStatRole, code: String, label: String, in c: inout Coordinates, line: Int, column: Int) throws(DataError) {
    func fail(_ what: String) -> DataError {
      DataError(file: file, line: line, column: column, reason: "\(what) '\(code.shown)'\(label.isEmpty ? "" : " (\(label.shown))")")
    }
    let key = code.isEmpty ? "\u{1}" + label : code
    switch role {
    case .measure:
      if let m = measures[key] { c.measure = m; return }
      guard let m = EStatMeasure.classify(label: label.isEmpty ? code : label) else {
        throw fail("表章項目 is not a count idou maps (移動者数, 転入者数, 転出者数, 転入超過数):")
      }
      measures[key] = m; c.measure = m
    case .nationality:
      if let s = scopes[key] { c.scope = s; return }
      guard let s = EStatCodes.scope(code: code, label: label) else {
        throw fail("unknown 国籍 code (expected 60000 移動者, 61000 日本人移動者, 62000 外国人移動者):")
      }
      scopes[key] = s; c.scope = s
    case .sex:
      if let s = sexes[key] { c.sex = s; return }
      guard let s = EStatCodes.sex(code: code, label: label) else { throw fail("unknown 性別 code (expected 0, 1, 2):") }
      sexes[key] = s; c.sex = s
    case .time:
      if let p = periods[key] { c.period = p; return }
      guard let p = EStatCodes.period(code: code, label: label) else {
        throw fail("time code is not YYYY00MMMM (a month) or YYYY000000 (a year):")
      }
      periods[key] = p; c.period = p
    case .origin, .destination, .area:
      let a: Int32
      if let cached = areaRefs[key] {
        a = cached
      } else {
        guard let parsed = EStatArea.parse(code: code, label: label) else {
          throw fail("area code is not a 5-digit e-Stat code (00000 全国, 43000 熊本県, 43100 熊本市, 00999 総数, 99300 不詳):")
        }
        a = Int32(areaTable.count)
        areaTable.append(parsed)
        areaRefs[key] = a
      }
      switch role {
      case .origin: c.origin = a
      case .destination: c.destination = a
      default: c.area = a
      }
    }
  }

  mutating func add(_ record: CSVReader.Record) throws(DataError) {
    report.rowsRead += 1
    let f = record.fields
    let line = record.line
    var spacer: Int? = nil
    switch layout.values {
    case .single:
      guard f.count == layout.width else {
        throw DataError(file: file, line: line, column: min(f.count, layout.width) + 1,
                        reason: "row has \(f.count) fields, the header (line \(layout.headerLine)) has \(layout.width)")
      }
    case .spread(_, _, let marker, _):
      // Data rows carry the '/<名>' column empty, or leave it out.
      if f.count == layout.width {
        spacer = marker
      } else if f.count != layout.width - 1 {
        throw DataError(file: file, line: line, column: min(f.count, layout.width) + 1,
                        reason: "row has \(f.count) fields, the header (line \(layout.headerLine)) has \(layout.width)")
      }
      if let s = spacer, !f[s].trimmedField.isEmpty {
        throw DataError(file: file, line: line, column: s + 1,
                        reason: "'\(f[s].shown)' under the cross-tab heading: expected an empty cell")
      }
    }
    var c = Coordinates()
    for d in layout.dimensions {
      let code = f[d.codeColumn].trimmedField
      let label = d.labelColumn.map { f[$0].trimmedField } ?? ""
      try set(d.role, code: code, label: label, in: &c, line: line, column: d.codeColumn + 1)
    }
    var rowScope = c.scope ?? .all
    var anyCount = false, anyNotCount = false, anyWithinArea = false
    func value(_ text: String, column: Int, coordinates c: Coordinates) throws(DataError) {
      let t = text.trimmedField
      let measure = c.measure ?? (c.origin != nil || c.destination != nil ? .moves : nil)
      if measure == .notCount { anyNotCount = true; return }
      if measure == .moves && plainAreaTable { anyWithinArea = true; return }
      if markers.contains(t) { report.markers += 1; anyCount = true; return }
      var v = parseCount(t)
      if v == nil, measure == .net, let first = t.unicodeScalars.first, first == "▲" || first == "△" {
        v = parseCount(String(t.unicodeScalars.dropFirst())).map { -$0 }
      }
      guard let v, v <= Int64(Int32.max), v >= -Int64(Int32.max) else {
        throw DataError(file: file, line: line, column: column,
                        reason: "'\(t.shown)' is not a count (expected digits, thousands separators allowed, or *** / - for no value)")
      }
      guard v >= 0 || measure == .net else {
        throw DataError(file: file, line: line, column: column, reason: "'\(t.shown)' is a negative count of persons")
      }
      guard let measure else {
        throw DataError(file: file, line: line, column: column,
                        reason: "cannot tell whether values are 転入 or 転出: the table has no 表章項目 and no 移動前/移動後の住所地")
      }
      guard let period = c.period else {
        throw DataError(file: file, line: line, column: column, reason: "the table has no 時間軸 (time) dimension")
      }
      guard c.origin != nil || c.destination != nil || c.area != nil else {
        throw DataError(file: file, line: line, column: column, reason: "the table has no area dimension (地域, 移動前/移動後の住所地)")
      }
      anyCount = true
      report.valuesUsed = (report.valuesUsed ?? 0) + 1
      valuesByScope[c.scope ?? .all, default: 0] += 1
      pending.append(Pending(measure: measure, scope: c.scope ?? .all, period: period, sex: c.sex ?? .total,
                             origin: c.origin, destination: c.destination, area: c.area, value: v,
                             line: line, column: column))
    }
    switch layout.values {
    case .single(let v):
      try value(f[v], column: v + 1, coordinates: c)
    case .spread(_, let role, _, let columns):
      for col in columns {
        var cc = c
        try set(role, code: col.code, label: col.label, in: &cc, line: layout.headerLine, column: col.column + 1)
        if role == .nationality, let s = cc.scope { rowScope = s }
        let index = spacer == nil ? col.column - 1 : col.column
        try value(f[index], column: index + 1, coordinates: cc)
      }
    }
    if (anyNotCount || anyWithinArea) && !anyCount {
      report.rowsRejected += 1
      if anyNotCount { notCountRows += 1 } else { withinAreaRows += 1 }
    } else {
      report.rowsUsed += 1
      rowsByScope[rowScope, default: 0] += 1
    }
  }

  /// Decides which ends are totals, stores the flows, runs the checks and builds one cube per scope.
  mutating func finish() throws(DataError) -> ScopedReadResult {
    let hasOrigin = layout.dimensions.contains { $0.role == .origin } || spreadRole == .origin
    let hasDestination = layout.dimensions.contains { $0.role == .destination } || spreadRole == .destination
    // Resolve the file's area codes once: to a cube area, and whether they stand for a total.
    var cubeIDs: [Area: Int32] = [:]
    func cubeID(_ a: Area) -> Int32 {
      if let id = cubeIDs[a] { return id }
      cubeAreas.append(a)
      cubeIDs[a] = Int32(cubeAreas.count - 1)
      return Int32(cubeAreas.count - 1)
    }
    let unspecified = cubeID(.unknown), nation = cubeID(.nation)
    let resolved: [Int32] = areaTable.map {
      switch $0 {
      case .area(let area): cubeID(area)
      case .nation, .total: nation
      }
    }
    let totalRef: [Bool] = areaTable.map { $0 == .total || $0 == .nation }
    func isTotal(_ a: Int32?) -> Bool { a.map { totalRef[Int($0)] } ?? false }
    func resolve(_ a: Int32) -> Int32 { resolved[Int(a)] }
    let originsHaveAreas = pending.contains { !isTotal($0.origin) && $0.origin != nil }
    let destinationsHaveAreas = pending.contains { !isTotal($0.destination) && $0.destination != nil }

    var flows: [Key: (value: Int64, line: Int)] = [:]
    var totalChecks: [(key: Key, side: String, value: Int64, line: Int)] = []
    var netChecks: [(key: Key, value: Int64, line: Int)] = []
    var grandTotals = 0
    for p in pending {
      var origin: Int32, destination: Int32
      if hasOrigin && hasDestination {
        guard p.measure != .net else { odNetValues += 1; continue }
        let o = p.origin!, d = p.destination!
        if isTotal(o) && isTotal(d) && (originsHaveAreas || destinationsHaveAreas) {
          grandTotals += 1  // 総数 → 全国: a grand total over both ends, nothing to store or check by area
          continue
        }
        if isTotal(o) && originsHaveAreas {
          totalChecks.append((Key(scope: p.scope, period: p.period, sex: p.sex, origin: unspecified, destination: resolve(d)),
                              "origin", p.value, p.line))
          continue
        }
        if isTotal(d) && destinationsHaveAreas {
          totalChecks.append((Key(scope: p.scope, period: p.period, sex: p.sex, origin: resolve(o), destination: unspecified),
                              "destination", p.value, p.line))
          continue
        }
        origin = isTotal(o) ? unspecified : resolve(o)
        destination = isTotal(d) ? (isTotal(o) ? nation : unspecified) : resolve(d)
      } else {
        let area = resolve((p.area ?? p.destination ?? p.origin)!)
        var measure = p.measure
        if measure == .moves {
          if p.destination != nil { measure = .inflow } else if p.origin != nil { measure = .outflow } else {
            throw DataError(file: file, line: p.line, column: p.column,
                            reason: "移動者数 of one area: cannot tell 転入 from 転出 (the table has no 移動前/移動後 dimension)")
          }
        }
        switch measure {
        case .inflow: origin = unspecified; destination = area
        case .outflow: origin = area; destination = unspecified
        case .net:
          netChecks.append((Key(scope: p.scope, period: p.period, sex: p.sex, origin: area, destination: area), p.value, p.line))
          continue
        default: continue
        }
      }
      let key = Key(scope: p.scope, period: p.period, sex: p.sex, origin: origin, destination: destination)
      if let earlier = flows[key] {
        throw DataError(file: file, line: p.line, column: p.column,
                        reason: "\(describe(key)) is given twice (also on line \(earlier.line))")
      }
      flows[key] = (p.value, p.line)
    }
    pending = []

    var warnings: [String] = []
    // 総数 = 男 + 女
    for (key, total) in flows where key.sex == .total {
      var m = key, w = key
      m.sex = .male; w.sex = .female
      guard let male = flows[m], let female = flows[w], total.value != male.value + female.value else { continue }
      let lines = Set([total.line, male.line, female.line]).sorted().map(String.init).joined(separator: ", ")
      warnings.append("line\(lines.contains(",") ? "s" : "") \(lines): 総数 \(total.value) ≠ 男 \(male.value) + 女 \(female.value) (\(describe(key)))")
    }
    // 総数 rows (00999, 00000) against the sum of the areas.
    if !totalChecks.isEmpty {
      var sums: [Key: Int64] = [:]
      for (k, v) in flows {
        var o = k; o.origin = unspecified
        sums[o, default: 0] += v.value
        var d = k; d.destination = unspecified
        sums[d, default: 0] += v.value
      }
      for t in totalChecks where sums[t.key, default: 0] != t.value {
        warnings.append("line \(t.line): \(t.side) 総数 \(t.value) ≠ \(sums[t.key, default: 0]), the sum of the areas (\(describe(t.key)))")
      }
      report.notes.append("\(totalChecks.count) 総数 value\(totalChecks.count == 1 ? "" : "s") (00999/00000) checked against the sum of the areas, not stored")
    }
    // 転入超過数 = 転入 − 転出
    for n in netChecks {
      let a = n.key.origin
      var inKey = n.key, outKey = n.key
      inKey.origin = unspecified; inKey.destination = a
      outKey.origin = a; outKey.destination = unspecified
      guard let i = flows[inKey], let o = flows[outKey] else { continue }
      if i.value - o.value != n.value {
        warnings.append("line \(n.line): 転入超過数 \(n.value) ≠ 転入 \(i.value) − 転出 \(o.value) (lines \(i.line), \(o.line))")
      }
    }
    if !netChecks.isEmpty {
      report.notes.append("\(netChecks.count) 転入超過数 value\(netChecks.count == 1 ? "" : "s") checked against 転入 − 転出, not stored (idou derives net)")
    }
    if grandTotals > 0 { report.notes.append("\(grandTotals) grand total value\(grandTotals == 1 ? "" : "s") (総数 → 全国) not stored") }
    if withinAreaRows > 0 {
      report.notes.append("rows of 移動者数 of one area (neither 転入 nor 転出, e.g. 都道府県内移動者数) not used: \(withinAreaRows)")
    }
    if odNetValues > 0 { report.notes.append("転入超過数 values of an origin–destination table not used (idou derives net): \(odNetValues)") }
    if notCountRows > 0 { report.notes.append("rows of rates or other non-counts (率) not used: \(notCountRows)") }
    warnings.sort { lineOf($0) < lineOf($1) }
    if !warnings.isEmpty {
      report.notes.append("warning: 総数 checks failed on \(warnings.count) row\(warnings.count == 1 ? "" : "s") (figures kept as given)")
      report.notes += warnings.prefix(20).map { "warning: " + $0 }
      if warnings.count > 20 { report.notes.append("warning: … and \(warnings.count - 20) more") }
    }

    // One cube per scope.
    var cubes: [MigrationCube] = []
    for scope in PopulationScope.allCases {
      let mine = flows.filter { $0.key.scope == scope }
      if mine.isEmpty && !rowsByScope.keys.contains(scope) { continue }
      let periodAxis = Array(Set(mine.keys.map(\.period))).sorted()
      var used = [Bool](repeating: false, count: cubeAreas.count)
      for k in mine.keys { used[Int(k.origin)] = true; used[Int(k.destination)] = true }
      let axisIDs = cubeAreas.indices.filter { used[$0] }
        .sorted { cubeAreas[$0] < cubeAreas[$1] }
      let sexAxis = Array(Set(mine.keys.map(\.sex))).sorted()
      var cube = MigrationCube(periods: periodAxis, areas: axisIDs.map { cubeAreas[$0] }, sexes: sexAxis, scope: scope)
      var pIndex: [Period: Int] = [:]
      var aIndex = [Int](repeating: -1, count: cubeAreas.count)
      for (i, p) in cube.periods.enumerated() { pIndex[p] = i }
      for (i, id) in axisIDs.enumerated() { aIndex[id] = i }
      let sexIndex = Sex.allCases.map { cube.sexIndex($0) ?? -1 }
      for (k, v) in mine {
        cube[pIndex[k.period]!, sexIndex[k.sex.rawValue], aIndex[Int(k.origin)], aIndex[Int(k.destination)]] = Int32(v.value)
      }
      cubes.append(cube)
    }
    return ScopedReadResult(cubes: cubes, report: report, rowsByScope: rowsByScope, valuesByScope: valuesByScope)
  }

  var spreadRole: EStatRole? {
    if case .spread(_, let role, _, _) = layout.values { return role }
    return nil
  }

  func describe(_ k: Key) -> String {
    "\(k.period) \(k.scope) \(k.sex.label) \(cubeAreas[Int(k.origin)].codeText)→\(cubeAreas[Int(k.destination)].codeText)"
  }

  func lineOf(_ warning: String) -> Int {
    Int(warning.drop { !$0.isNumber }.prefix { $0.isNumber }) ?? 0
  }
}
