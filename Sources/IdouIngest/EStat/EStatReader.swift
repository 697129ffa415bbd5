import IdouCore

/// Reads the CSV files e-Stat gives for 住民基本台帳人口移動報告 tables — any table of the survey, as downloaded from
/// the database (統計表 → ダウンロード), as people trim and commit it, or as the API's `getSimpleStatsData` — without
/// being told the table number (docs/ARCHITECTURE.md §4, issue 10 §2).
///
/// The dimensions are recognised by name (``EStatRole``): 表章項目 is the measure (転入者数, 転出者数, 転入超過数,
/// 都道府県内・自都市内移動者数, 移動者数), 国籍 the scope, 性別, 年齢, 時間軸 (年次・月次), and the areas (地域 or
/// 移動前/移動後の住所地). Values are one `value` column or a cross-tab over one or more dimensions. What they become:
///
/// - a table with both 移動前 and 移動後の住所地: origin → destination ``FlowTable``s of the leaf areas;
/// - a table of per-area figures: ``Margins`` of every listed area, each with its ``Boundary`` (table 1's
///   prefectures 他都道府県, its cities 他市町村; a municipal table's every area 他市区町村); 都道府県内移動者数 and
///   自都市内移動者数 are the moves inside the area.
///
/// The hierarchy rules (``AreaPartition``) hold on every row: an aggregate (全国, 00999 総数, 三大都市圏, 21大都市計,
/// 市部, 郡部, 郡, a prefecture whose every municipality is listed) is checked against the sum of its parts where
/// they are listed — a warning naming the lines where it differs, a note when the difference is exactly 不詳 — and
/// is never added as a leaf; an area inside a listed leaf (a 21大都市 origin beside its prefecture) is kept apart.
/// 転入超過数 is checked against 転入 − 転出 (`"-5,162"` is a number, a lone `-` a marker), 総数 = 男 + 女 and the
/// age classes against their sums; `***`, `-` and the legend's symbols are "no value", never zero.
public struct EStatReader: Sendable {
  public init() {}

  /// Reads a file in any encoding idou knows (UTF-8 with or without BOM, CP932).
  public func read(path: String) throws -> InputResult {
    let (bytes, encoding) = try TextEncoding.utf8(InputFile.bytes(path), file: path)
    return try read(bytes: bytes, file: path, encoding: encoding)
  }

  /// Reads UTF-8 bytes (transcode CP932 first with ``TextEncoding/utf8(_:file:)``).
  /// - Throws: `DataError` with the line and column of the first thing not understood.
  public func read(bytes: [UInt8], file: String, encoding: TextEncoding = .utf8) throws(DataError) -> InputResult {
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
    while seen < 60, let record = try? csv.next() {
      let fields = record.fields.map(\.trimmedField)
      if fields.allSatisfy(\.isEmpty) { continue }
      seen += 1
      if fields.count == 1 && ["RESULT", "VALUE", "STATISTICAL_DATA", "PARAMETER"].contains(fields[0]) { return .api }
      if fields.contains(where: { $0.hasSuffix("_code") }) && fields.contains("value") { return .api }
      if fields[0].hasPrefix("統計名") || fields[0].hasPrefix("表番号") || fields[0].hasPrefix("表題") { return .download }
      if fields.contains(where: { $0.hasPrefix("/") && $0.hasSuffix("コード") }) { return .download }
      let dimensions = fields.compactMap(EStatLayout.downloadDimensionName).filter { EStatRole.classify($0) != nil }
      if !dimensions.isEmpty { return .download }
      // A trimmed export's label rows (総数, 男, 女 over the value columns) come before its header.
      if fields[0].isEmpty { continue }
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

/// Turns e-Stat data rows into values, then into flows or margins with their checks.
struct EStatAssembler {
  /// One value and its coordinates (areas, periods and ages as ids).
  struct Value {
    var measure: EStatMeasure
    var scope: PopulationScope
    var period: Int32
    var sex: Sex
    var age: Int16
    var origin: Int32
    var destination: Int32
    var area: Int32
    /// `nil`: a no-value marker.
    var value: Int64?
    var line: Int32
    var column: Int32
    /// A part of the 総数 beside it given as a column of its own (a 転入 table's 移動前の住所地不詳 among the ages).
    var ofWhich: Bool
  }

  let file: String
  let layout: EStatLayout
  var report: ReadReport
  let markers: Set<String>
  var values: [Value] = []
  var rowsByScope: [PopulationScope: Int] = [:]
  var valuesByScope: [PopulationScope: Int] = [:]
  var notCountRows = 0
  let roles: Set<EStatRole>

  // Parsed-code caches (a table repeats a handful of codes thousands of times).
  var measures: [String: EStatMeasure] = [:]
  var scopes: [String: PopulationScope] = [:]
  var sexes: [String: Sex] = [:]
  var periodIds: [String: Int32] = [:]
  var periods: [Period] = []
  var ageIds: [String: Int16] = [:]
  var ages: [AgeClass] = []
  var areaIds: [String: Int32] = [:]
  var areas: [Area] = []
  var areaIndex: [Area: Int32] = [:]

  init(file: String, layout: EStatLayout) {
    self.file = file
    self.layout = layout
    self.report = ReadReport(file: file)
    self.report.valuesUsed = 0
    self.markers = EStatLayout.standardMarkers.union(layout.legend)
    roles = Set(layout.dimensions.map(\.role) + layout.spreads.map(\.role))
  }

  /// The coordinates of one value: the row's dimensions plus, in a cross-tab, its column's.
  struct Coordinates {
    var measure: EStatMeasure?
    var scope: PopulationScope?
    var sex: Sex?
    var age: Int16?
    var period: Int32?
    var origin: Int32?
    var destination: Int32?
    var area: Int32?
    var ofWhich = false
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
        throw fail("表章項目 is not a count idou maps (移動者数, 転入者数, 転出者数, 転入超過数, 都道府県内移動者数):")
      }
      measures[key] = m
      c.measure = m
    case .nationality:
      if let s = scopes[key] { c.scope = s; return }
      guard let s = EStatCodes.scope(code: code, label: label) else {
        throw fail("unknown 国籍 code (expected 60000 移動者, 61000 日本人移動者, 62000 外国人移動者):")
      }
      scopes[key] = s
      c.scope = s
    case .sex:
      if let s = sexes[key] { c.sex = s; return }
      guard let s = EStatCodes.sex(code: code, label: label) else { throw fail("unknown 性別 code (expected 0, 1, 2):") }
      sexes[key] = s
      c.sex = s
    case .age:
      if EStatLayout.isOfWhich(label) {
        c.ofWhich = true
        return
      }
      if let a = ageIds[key] { c.age = a; return }
      guard let a = EStatCodes.age(code: code, label: label) else {
        throw fail("unknown 年齢 class (expected 総数, 0歳～4歳 … 90歳以上, 0～14歳, 15～64歳, 65歳以上):")
      }
      let id = Int16(ages.firstIndex(of: a) ?? ages.count)
      if Int(id) == ages.count { ages.append(a) }
      ageIds[key] = id
      c.age = id
    case .time:
      if let p = periodIds[key] { c.period = p; return }
      guard let p = EStatCodes.period(code: code, label: label) else {
        throw fail("time code is not YYYY00MMMM (a month) or YYYY000000 (a year):")
      }
      let id = Int32(periods.firstIndex(of: p) ?? periods.count)
      if Int(id) == periods.count { periods.append(p) }
      periodIds[key] = id
      c.period = id
    case .origin, .destination, .area:
      let a: Int32
      if let cached = areaIds[key] {
        a = cached
      } else {
        guard let parsed = EStatArea.parse(code: code, label: label) else {
          throw fail("area code is not a 5-digit e-Stat code (00000 全国, 43000 熊本県, 43100 熊本市, 00999 総数, 99300 不詳):")
        }
        if let i = areaIndex[parsed] {
          a = i
        } else {
          a = Int32(areas.count)
          areas.append(parsed)
          areaIndex[parsed] = a
        }
        areaIds[key] = a
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
    if layout.values.isEmpty {
      guard f.count == layout.width else {
        throw DataError(file: file, line: line, column: min(f.count, layout.width) + 1,
                        reason: "row has \(f.count) fields, the header (line \(layout.headerLine)) has \(layout.width)")
      }
    } else {
      // Data rows carry the '/<名>' column empty, or leave it out.
      if f.count == layout.width {
        spacer = layout.spacer
      } else if layout.spacer == nil || f.count != layout.width - 1 {
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
      let code = d.codeColumn.map { f[$0].trimmedField } ?? ""
      let label = d.labelColumn.map { f[$0].trimmedField } ?? ""
      try set(d.role, code: code, label: label, in: &c, line: line, column: (d.codeColumn ?? d.labelColumn ?? 0) + 1)
    }
    var rowScope = c.scope ?? .all
    var anyCount = false, anyNotCount = false
    func value(_ text: String, column: Int, coordinates c: Coordinates) throws(DataError) {
      let t = text.trimmedField
      let measure = c.measure ?? (c.origin != nil || c.destination != nil ? EStatMeasure(kind: .moves) : nil)
      if measure?.kind == .notCount { anyNotCount = true; return }
      var v: Int64?
      if markers.contains(t) || t.isEmpty {
        report.markers += 1
        v = nil
      } else {
        switch Vocabulary.count(t, signed: measure?.kind == .net) {
        case .value(let x): v = x
        case .marker:
          report.markers += 1
          v = nil
        case .invalid:
          let negative = Vocabulary.count(t, signed: true) != .invalid
          throw DataError(file: file, line: line, column: column,
                          reason: negative ? "'\(t.shown)' is a negative count of persons"
                            : "'\(t.shown)' is not a count (expected digits, thousands separators allowed, or *** / - for no value)")
        }
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
      if let v, v > Int64(Int32.max) * 64 || v < -Int64(Int32.max) * 64 {
        throw DataError(file: file, line: line, column: column, reason: "'\(t.shown)' is not a count of moves")
      }
      anyCount = true
      if v != nil {
        report.valuesUsed = (report.valuesUsed ?? 0) + 1
        valuesByScope[c.scope ?? .all, default: 0] += 1
      }
      values.append(Value(measure: measure, scope: c.scope ?? .all, period: period, sex: c.sex ?? .total, age: c.age ?? -1,
                          origin: c.origin ?? -1, destination: c.destination ?? -1, area: c.area ?? -1, value: v,
                          line: Int32(clamping: line), column: Int32(clamping: column), ofWhich: c.ofWhich))
    }
    if let v = layout.valueColumn {
      try value(f[v], column: v + 1, coordinates: c)
    } else {
      for col in layout.values {
        var cc = c
        for (k, spread) in layout.spreads.enumerated() {
          let (code, label) = col.coordinates[k]
          try set(spread.role, code: code, label: label, in: &cc, line: spread.line, column: col.column + 1)
        }
        if cc.scope != nil { rowScope = cc.scope! }
        let index = spacer == nil && layout.spacer != nil ? col.column - 1 : col.column
        try value(f[index], column: index + 1, coordinates: cc)
      }
    }
    if anyNotCount && !anyCount {
      report.rowsRejected += 1
      notCountRows += 1
    } else {
      report.rowsUsed += 1
      rowsByScope[rowScope, default: 0] += 1
    }
  }

  // MARK: - Finishing

  var isFlowTable: Bool { roles.contains(.origin) && roles.contains(.destination) }

  mutating func finish() throws(DataError) -> InputResult {
    var warnings: [(Int, String)] = []
    let figures = isFlowTable ? try finishFlows(&warnings) : try finishMargins(&warnings)
    if notCountRows > 0 { report.notes.append("rows of rates or other non-counts (率) not used: \(notCountRows)") }
    report.addWarnings(warnings.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.1))
    return InputResult(figures: figures, report: report, rowsByScope: rowsByScope, valuesByScope: valuesByScope,
                       scopeIsStated: roles.contains(.nationality))
  }

  func label(_ a: Int32) -> String { "\(areas[Int(a)].codeText) \(areas[Int(a)].name)" }

  /// Origin–destination values into the one flow builder, which resolves the hierarchy of both ends.
  mutating func finishFlows(_ warnings: inout [(Int, String)]) throws(DataError) -> [Figures] {
    var flows = FlowBuilder(file: file, boundary: .municipality)
    var netValues = 0
    for v in values where !v.ofWhich {
      if v.measure.kind == .net { netValues += 1; continue }
      let o = flows.area(areas[Int(v.origin)]), d = flows.area(areas[Int(v.destination)]), p = flows.period(periods[Int(v.period)])
      if let x = v.value {
        try flows.add(scope: v.scope, period: p, sex: v.sex, origin: o, destination: d, count: x, line: Int(v.line), column: Int(v.column))
      } else {
        try flows.addMarker(scope: v.scope, period: p, sex: v.sex, origin: o, destination: d, line: Int(v.line), column: Int(v.column))
      }
    }
    let (tables, resolution) = flows.buildResolvingHierarchy()
    report.notes += resolution.notes
    warnings += resolution.warnings
    if netValues > 0 { report.notes.append("転入超過数 values of an origin–destination table not used (idou derives net): \(netValues)") }
    return tables.map { .flows($0) }
  }

  func describe(_ period: Int32, _ scope: PopulationScope, _ sex: Sex) -> String {
    "\(periods[Int(period)]) \(scope) \(sex.label)"
  }

  mutating func finishMargins(_ warnings: inout [(Int, String)]) throws(DataError) -> [Figures] {
    var margins = MarginsBuilder(file: file)
    var nets: [(v: Value, area: Int32)] = []
    var ofWhich = 0
    var withinValues = 0
    for v in values {
      let a = v.area >= 0 ? v.area : v.destination >= 0 ? v.destination : v.origin
      if v.ofWhich { ofWhich += 1; continue }
      let figure: MarginFigure
      switch v.measure.kind {
      case .inflow: figure = .inflow
      case .outflow: figure = .outflow
      case .within:
        figure = .within
        withinValues += 1
      case .moves:
        if v.destination >= 0 { figure = .inflow } else if v.origin >= 0 { figure = .outflow } else {
          throw DataError(file: file, line: Int(v.line), column: Int(v.column),
                          reason: "移動者数 of one area: cannot tell 転入 from 転出 (the table has no 移動前/移動後 dimension)")
        }
      case .net:
        nets.append((v, a))
        continue
      case .notCount: continue
      }
      let area = margins.area(areas[Int(a)])
      if let b = v.measure.boundary { margins.boundaries[area] = b }
      let age = v.age >= 0 ? margins.age(ages[Int(v.age)]) : nil
      try margins.add(figure, v.value, scope: v.scope, period: margins.period(periods[Int(v.period)]), sex: v.sex,
                      age: age, area: area, line: Int(v.line), column: Int(v.column))
    }
    warnings += margins.mismatches()

    // 転入超過数 = 転入 − 転出.
    func key(_ v: Value, _ a: Int32, _ f: MarginFigure) -> MarginsBuilder.Key {
      MarginsBuilder.Key(scope: UInt8(v.scope.order), period: margins.periodIdOf(periods[Int(v.period)]),
                         sex: UInt8(v.sex.rawValue), age: v.age >= 0 ? margins.ageIdOf(ages[Int(v.age)]) : margins.ageIdOf(.total),
                         area: margins.areaIdOf(areas[Int(a)]), figure: UInt8(f.rawValue))
    }
    var netChecked = 0
    for (v, a) in nets {
      guard let net = v.value, let i = margins.value(key(v, a, .inflow)), let o = margins.value(key(v, a, .outflow)) else { continue }
      netChecked += 1
      if i - o != net {
        warnings.append((Int(v.line), "line \(v.line): 転入超過数 \(net) ≠ 転入 \(i) − 転出 \(o) (\(describe(v.period, v.scope, v.sex)) \(label(a)))"))
      }
    }
    if netChecked > 0 {
      report.notes.append("\(netChecked) 転入超過数 value\(netChecked == 1 ? "" : "s") checked against 転入 − 転出, not stored (idou derives net)")
    }
    if withinValues > 0 {
      report.notes.append("\(withinValues) value\(withinValues == 1 ? "" : "s") of moves inside an area (都道府県内・自都市内移動者数) kept as such: never 転入 or 転出")
    }
    if ofWhich > 0 {
      report.notes.append("\(ofWhich) value\(ofWhich == 1 ? "" : "s") of 移動前の住所地不詳 (a part of the 総数 beside it, not an age class) not stored")
    }

    // The hierarchy: aggregates against the sum of their leaves, groups beside them.
    var built = margins.build()
    var checked = 0, groupChecks = 0, partial = 0
    var insideNames = Set<String>()
    for (mi, m) in built.enumerated() {
      for (pi, period) in m.periods.enumerated() {
        let partition = AreaPartition(m.areas.indices.filter { m.hasAnyFigure(area: $0) }.map { m.areas[$0] }, year: period.year)
        for x in partition.inside { insideNames.insert(x.area.name) }
        for s in m.sexes.indices {
          for g in m.ages.indices {
            for agg in partition.aggregates {
              guard let ai = m.areaIndex(agg.area) else { continue }
              let parts = agg.leaves.compactMap { m.areaIndex($0) }
              guard parts.allSatisfy({ m.boundaries[$0] == m.boundaries[ai] }) else { continue }
              for f in MarginFigure.allCases {
                guard let total = m.value(f, period: pi, sex: s, area: ai, age: g) else { continue }
                let vs = parts.map { m.value(f, period: pi, sex: s, area: $0, age: g) }
                guard !vs.contains(where: { $0 == nil }) else { continue }
                let sum = vs.reduce(Int64(0)) { $0 + $1! }
                checked += 1
                if total != sum && !agg.complete {
                  partial += 1
                } else if total != sum {
                  let line = margins.lineOf(scope: m.scope, period: period, sex: m.sexes[s], age: m.ages[g], area: agg.area, figure: f)
                  warnings.append((line, "line \(line): \(agg.area.codeText) \(agg.area.name) \(f.japanese) \(total) ≠ \(sum), the sum of its \(parts.count) parts (\(period) \(m.scope) \(m.sexes[s].label)\(m.ages[g] == .total ? "" : " \(m.ages[g].label)")); difference \(total - sum)"))
                }
              }
            }
            for group in partition.groups {
              guard let gi = m.areaIndex(group.area), let members = group.parts?.compactMap({ m.areaIndex($0) }),
                members.count == group.parts?.count
              else { continue }
              // A 三大都市圏's 転入 and 転出 cross its own boundary (moves between its prefectures are inside it):
              // only its net adds up. A 大都市計 adds up its cities' figures.
              let figures: [MarginFigure] = group.area.level == .metropolitanArea ? [] : MarginFigure.allCases
              for f in figures {
                guard let total = m.value(f, period: pi, sex: s, area: gi, age: g) else { continue }
                let vs = members.map { m.value(f, period: pi, sex: s, area: $0, age: g) }
                guard !vs.contains(where: { $0 == nil }) else { continue }
                let sum = vs.reduce(Int64(0)) { $0 + $1! }
                groupChecks += 1
                if total != sum {
                  let line = margins.lineOf(scope: m.scope, period: period, sex: m.sexes[s], age: m.ages[g], area: group.area, figure: f)
                  warnings.append((line, "line \(line): \(group.area.codeText) \(group.area.name) \(f.japanese) \(total) ≠ \(sum), the sum of its \(members.count) members (\(period) \(m.scope) \(m.sexes[s].label))"))
                }
              }
              if let net = m.net(period: pi, sex: s, area: gi) {
                let ns = members.map { m.net(period: pi, sex: s, area: $0) }
                if !ns.contains(where: { $0 == nil }) {
                  let sum = ns.reduce(Int64(0)) { $0 + $1! }
                  groupChecks += 1
                  if net != sum {
                    let line = margins.lineOf(scope: m.scope, period: period, sex: m.sexes[s], age: m.ages[g], area: group.area, figure: .inflow)
                    warnings.append((line, "line \(line): \(group.area.codeText) \(group.area.name) 転入超過 \(net) ≠ \(sum), the sum of its \(members.count) members' (\(period) \(m.scope) \(m.sexes[s].label))"))
                  }
                }
              }
            }
          }
        }
      }
      built[mi] = m
    }
    if checked > 0 {
      report.notes.append("\(checked) figure\(checked == 1 ? "" : "s") of aggregates (全国, 市部, 郡部, 郡 …) checked against the sum of their parts; each kept as its own figure, never added as a leaf")
    }
    if partial > 0 {
      report.notes.append("\(partial) figure\(partial == 1 ? "" : "s") of totals beside only some of their parts (全国 beside a few prefectures) kept as the table's own, not their sum")
    }
    if groupChecks > 0 { report.notes.append("\(groupChecks) figure\(groupChecks == 1 ? "" : "s") of 三大都市圏 and 大都市計 rows checked against their members") }
    if !insideNames.isEmpty {
      let names = insideNames.sorted()
      report.notes.append("\(names.count) areas inside a listed area (\(names.prefix(4).joined(separator: ", "))\(names.count > 4 ? " …" : "")): their own figures, of their own boundary, never added to it")
    }
    return built.map { .margins($0) }
  }
}

extension MarginFigure {
  /// 転入, 転出, 域内移動.
  var japanese: String {
    switch self {
    case .inflow: "転入"
    case .outflow: "転出"
    case .within: "域内移動"
    }
  }
}
