import IdouCore

/// Which column of a CSV holds what: idou's own long tables, other tools' CSVs recognised by common header names,
/// and any other CSV mapped with `--columns` (docs/ARCHITECTURE.md §4, issue 10 §6).
///
/// ```
/// --columns month=year_month,area=pref_code,in=in_migrants,out=out_migrants,ignore=fetched_at
/// ```
public struct ColumnMapping: Sendable, Equatable {
  /// What a column holds.
  public enum Role: String, Sendable, CaseIterable {
    /// A period: `2025-01`, `2025/01`, `202501`, `2025年1月`, e-Stat's `2025000101`, or a year `2025`.
    case period
    /// A year, with ``month`` holding the month number 1–12 (or alone: annual figures).
    case year
    /// With ``year``: the month number; alone: a period.
    case month
    /// The area of per-area figures (a code or a name).
    case area
    /// The area's name: checked against the code when it names another area, else not used.
    case name
    /// Origin and destination of flows.
    case from, to
    /// 転入, 転出, 転入超過 (checked against 転入 − 転出), moves inside the area.
    case inflow = "in", outflow = "out", net, within
    /// The number of moves of a flow.
    case count
    /// Sex (0/1/2, 総数/男/女, M/F …) and population scope (60000/61000/62000, all/japanese/foreign …).
    case sex, scope
    /// The age class of per-area figures (0～4歳 … 90歳以上, 0～14歳, 15～64歳, 65歳以上, 総数), as idou's
    /// `summary --by age` writes it.
    case age
    /// A column that holds nothing idou needs (a timestamp, a note).
    case ignore
  }

  /// The roles given, with the column each names (`ignore` may name several).
  public var columns: [(role: Role, column: String)]

  public static func == (a: ColumnMapping, b: ColumnMapping) -> Bool {
    a.columns.map(\.role) == b.columns.map(\.role) && a.columns.map(\.column) == b.columns.map(\.column)
  }

  public init(columns: [(role: Role, column: String)]) { self.columns = columns }

  /// Parses `role=column,role=column,…` (roles: period, month, year, area, name, from, to, in, out, net, within,
  /// count, sex, scope, age, ignore; `date` means period).
  /// - Throws: a message saying what is wrong.
  public init(parsing text: String) throws(ColumnMappingError) {
    var out: [(Role, String)] = []
    for part in text.split(separator: ",", omittingEmptySubsequences: true) {
      let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
      guard kv.count == 2, !kv[1].isEmpty else { throw ColumnMappingError(text: String(part), reason: "expected role=column") }
      let name = kv[0].lowercased()
      guard let role = Role(rawValue: name == "date" ? "period" : name) else {
        throw ColumnMappingError(
          text: String(part), reason: "'\(kv[0])' is not a role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
      }
      if role != .ignore, out.contains(where: { $0.0 == role }) {
        throw ColumnMappingError(text: String(part), reason: "\(role.rawValue) is given twice")
      }
      out.append((role, kv[1]))
    }
    guard !out.isEmpty else { throw ColumnMappingError(text: text, reason: "no role=column given") }
    columns = out
  }

  /// The roles idou recognises by common header names (lower case; spaces, hyphens and underscores ignored).
  static let synonyms: [String: Role] = {
    let table: [(Role, [String])] = [
      (.period, ["period", "yearmonth", "ym", "date", "年月", "時点", "期間", "timecode", "time"]),
      (.year, ["year", "年", "年次"]),
      (.month, ["month", "月"]),
      (.area, ["area", "areacode", "prefcode", "prefecturecode", "prefecture", "pref", "code", "municipalitycode",
               "citycode", "地域", "地域コード", "都道府県コード", "市区町村コード", "団体コード"]),
      (.name, ["name", "areaname", "prefname", "prefecturename", "cityname", "municipalityname", "都道府県",
               "都道府県名", "市区町村", "市区町村名", "地域名"]),
      (.from, ["from", "frompref", "fromcode", "fromarea", "origin", "origincode", "移動前", "移動前の住所地"]),
      (.to, ["to", "topref", "tocode", "toarea", "destination", "destinationcode", "移動後", "移動後の住所地"]),
      (.inflow, ["in", "inmigrants", "inflow", "inmigration", "inmoves", "転入", "転入者数"]),
      (.outflow, ["out", "outmigrants", "outflow", "outmigration", "outmoves", "転出", "転出者数"]),
      (.net, ["net", "netmigration", "netmigrants", "netin", "netinflow", "転入超過", "転入超過数", "社会増減"]),
      (.within, ["within", "internal", "withinarea", "都道府県内移動者数", "自都市内移動者数"]),
      (.count, ["count", "movers", "moves", "migrants", "n", "persons", "number", "移動者数", "人数"]),
      (.sex, ["sex", "gender", "性別", "男女", "男女別"]),
      (.scope, ["scope", "nationality", "国籍"]),
      (.age, ["age", "ageclass", "agegroup", "年齢", "年齢階級", "年齢5歳階級"]),
      (.ignore, ["fetchedat", "updatedat", "createdat", "retrievedat", "source", "note", "notes", "unit", "単位",
                 "注記", "備考",
                 // What idou's rankings add beside the figures (summary --rank): one value per row, not a dimension.
                 "rank", "previousrank", "previous", "difference", "share", "順位", "前年順位", "構成比"]),
    ]
    var out: [String: Role] = [:]
    for (role, names) in table { for n in names { out[n] = role } }
    return out
  }()

  /// A header name as the synonyms are written.
  static func normalised(_ header: String) -> String {
    header.trimmingWhitespace().lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" && $0 != "　" }
  }
}

/// A `--columns` value idou cannot use.
public struct ColumnMappingError: Error, Equatable, Sendable, CustomStringConvertible {
  public var text: String
  public var reason: String
  public var description: String { "--columns '\(text)': \(reason)" }
}

/// Reads long tables by their columns (docs/ARCHITECTURE.md §4): idou's own `month,from,to,sex,count`,
/// `month,area,sex,in,out[,net]` and what `aggregate` writes, other tools' CSVs such as the monthly file
/// `year_month,pref_code,pref_name,in_migrants,out_migrants,net_migration,fetched_at` and the long OD table
/// `year,from_pref,to_pref,movers`, recognised by common header names, and any other CSV mapped with
/// ``ColumnMapping``.
///
/// - With `from`, `to` and `count`: origin–destination flows (a row with from = to is moves inside the area).
/// - With `area` and `in`/`out` (and optionally `net`, checked against `in − out`, and `within`): per-area
///   margins; a month an area has no row for is absent, never 0.
///
/// Without a `sex` column the figures are 総数; without a `scope` column they are 移動者 (the account says so). A
/// column that is none of these is refused by name (it could be a dimension, such as age, whose rows would then be
/// added up): map it with `--columns`, or mark it `ignore=`.
public struct ColumnTable: InputLayout {
  public init() {}

  public var name: String { "long table (by column names)" }

  public func recognise(_ head: InputHead) -> Recognition {
    guard let plan = try? Plan(header: head.header, mapping: nil, file: head.file, line: 1) else {
      // Some columns known and the shape complete but others unknown: ours, refused with the column's name.
      return (try? Plan(header: head.header, mapping: nil, file: head.file, line: 1, allowUnknown: true)) != nil
        ? .maybe : .no
    }
    _ = plan
    return .sure
  }

  /// The columns of a table and what the rows become.
  struct Plan {
    var roles: [ColumnMapping.Role?]
    var header: [String]
    var flows: Bool
    func column(_ r: ColumnMapping.Role) -> Int? { roles.firstIndex(of: r) }

    init(header: [String], mapping: ColumnMapping?, file: String, line: Int, allowUnknown: Bool = false) throws(DataError) {
      self.header = header
      var roles = [ColumnMapping.Role?](repeating: nil, count: header.count)
      func fail(_ c: Int, _ why: String) -> DataError { DataError(file: file, line: line, column: c + 1, reason: why) }
      if let mapping {
        for (role, name) in mapping.columns {
          guard let c = header.firstIndex(where: { $0 == name }) ?? header.firstIndex(where: {
            ColumnMapping.normalised($0) == ColumnMapping.normalised(name)
          }) else {
            throw DataError(file: file, line: line, column: 0,
                            reason: "--columns names '\(name)' for \(role.rawValue), but the header has \(header.joined(separator: ", "))")
          }
          roles[c] = role
        }
      }
      for (c, h) in header.enumerated() where roles[c] == nil {
        guard let r = ColumnMapping.synonyms[ColumnMapping.normalised(h)] else { continue }
        roles[c] = r
      }
      // A role named twice by the header (two `name` columns are fine).
      for r in ColumnMapping.Role.allCases where r != .ignore && r != .name {
        let cs = roles.indices.filter { roles[$0] == r }
        if cs.count > 1 { throw fail(cs[1], "columns '\(header[cs[0]])' and '\(header[cs[1]])' both read as \(r.rawValue)") }
      }
      // `month` with `year` is the month number; alone it is the period.
      if roles.contains(.month) && !roles.contains(.year) && !roles.contains(.period) {
        roles = roles.map { $0 == .month ? .period : $0 }
      }
      let has = { (r: ColumnMapping.Role) in roles.contains(r) }
      flows = has(.from) || has(.to)
      guard has(.period) || has(.year) else { throw fail(0, "no period column (period, month, year_month, year …)") }
      if flows {
        guard has(.from), has(.to) else { throw fail(0, "origin–destination flows need both a from and a to column") }
        guard has(.count) else { throw fail(0, "origin–destination flows need a count column (count, movers …)") }
        if let c = roles.firstIndex(where: { $0 == .area || $0 == .inflow || $0 == .outflow || $0 == .net }) {
          throw fail(c, "'\(header[c])' beside from/to: a table gives flows or per-area figures, not both")
        }
        if let c = roles.firstIndex(of: .age) {
          throw fail(c, "'\(header[c])': ages are read with per-area figures (area, in, out), not with flows")
        }
      } else {
        guard has(.area) else { throw fail(0, "no area column (area, pref_code …) and no from/to columns") }
        guard has(.inflow) || has(.outflow) else {
          throw fail(0, has(.net)
            ? "a net (転入超過) column alone does not give 転入 and 転出: idou needs the in and out columns"
            : "per-area figures need an in or out column (in, in_migrants, 転入 …)")
        }
        if let c = roles.firstIndex(of: .count) { throw fail(c, "'\(header[c])' (a count of flows) beside per-area columns") }
      }
      if !allowUnknown, let c = roles.firstIndex(where: { $0 == nil }) {
        throw fail(c, "column '\(header[c].shown)' is not one idou maps (it could be a dimension whose rows would be added up): give --columns ROLE=\(header[c]) or --columns ignore=\(header[c])")
      }
      self.roles = roles
    }
  }

  public func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    let (bytes, _) = try input.text()
    return try read(bytes: bytes, file: input.file, mapping: options.columns)
  }

  /// Reads a table from UTF-8 bytes.
  public func read(bytes: [UInt8], file: String, mapping: ColumnMapping? = nil) throws(DataError) -> InputResult {
    var csv = CSVReader(bytes: bytes, file: file)
    var header: CSVReader.Record?
    while let r = try csv.next() {
      if r.fields.allSatisfy({ $0.trimmedField.isEmpty }) { continue }
      header = r
      break
    }
    guard let header else { throw DataError(file: file, line: 1, column: 1, reason: "empty file") }
    let plan = try Plan(header: header.fields.map(\.trimmedField), mapping: mapping, file: file, line: header.line)
    var report = ReadReport(file: file)
    let col = { (r: ColumnMapping.Role) in plan.column(r) }
    let (cPeriod, cYear, cMonth) = (col(.period), col(.year), col(.month))
    let (cArea, cName, cFrom, cTo) = (col(.area), col(.name), col(.from), col(.to))
    let (cIn, cOut, cNet, cWithin, cCount) = (col(.inflow), col(.outflow), col(.net), col(.within), col(.count))
    let (cSex, cScope, cAge) = (col(.sex), col(.scope), col(.age))
    var ageText: [String: Int16] = [:]

    var flows = FlowBuilder(file: file, boundary: .prefecture)
    var margins = MarginsBuilder(file: file)
    var periodText: [String: Int32] = [:], areaText: [String: Int32] = [:]
    var sexText: [String: Sex] = [:], scopeText: [String: PopulationScope] = [:]
    var rowsByScope: [PopulationScope: Int] = [:]
    var warnings: [(Int, String)] = []
    var withinRows = 0, markerRows = 0, netChecked = 0
    var allPrefectures = true

    while let r = try csv.next() {
      let f = r.fields
      if f.allSatisfy({ $0.trimmedField.isEmpty }) { continue }
      report.rowsRead += 1
      let line = r.line
      func fail(_ c: Int, _ why: String) -> DataError { DataError(file: file, line: line, column: c + 1, reason: why) }
      guard f.count == plan.header.count else {
        throw DataError(file: file, line: line, column: min(f.count, plan.header.count) + 1,
                        reason: "row has \(f.count) fields, the header (line \(header.line)) has \(plan.header.count)")
      }
      func field(_ c: Int) -> String { f[c].trimmedField }

      // Period: one column, or year (+ month number).
      let periodKey = [cPeriod, cYear, cMonth].compactMap { $0.map(field) }.joined(separator: "\u{1}")
      let period: Int32
      if let p = periodText[periodKey] {
        period = p
      } else {
        let parsed: Period?
        if let c = cPeriod {
          parsed = Self.period(field(c))
          guard parsed != nil else { throw fail(c, "'\(field(c).shown)' is not a period (expected YYYY-MM, YYYY or e-Stat's YYYY00MMMM)") }
        } else {
          let y = field(cYear!)
          guard y.utf8.count == 4, let year = Int(y), (1000...9999).contains(year) else {
            throw fail(cYear!, "'\(y.shown)' is not a year (YYYY)")
          }
          if let c = cMonth {
            let m = field(c).filter { $0 != "月" }
            guard let month = Int(m), let p = Period(year: year, month: month) else {
              throw fail(c, "'\(field(c).shown)' is not a month 1–12")
            }
            parsed = p
          } else {
            parsed = Period(year: year)
          }
        }
        period = flows.period(parsed!)
        _ = margins.period(parsed!)
        periodText[periodKey] = period
      }

      func area(_ c: Int) throws(DataError) -> Int32 {
        let t = field(c)
        if let a = areaText[t] { return a }
        let a: Area
        do { a = try AreaCatalog.standard.resolve(t) } catch { throw fail(c, "\(error)") }
        if a.level != .prefecture { allPrefectures = false }
        let id = plan.flows ? flows.area(a) : margins.area(a)
        areaText[t] = id
        return id
      }

      var sex = Sex.total
      if let c = cSex {
        let t = field(c)
        if let s = sexText[t] {
          sex = s
        } else {
          guard let s = Vocabulary.sex(t) else { throw fail(c, "'\(t.shown)' is not a sex (expected 0 総数, 1 男 or 2 女)") }
          sexText[t] = s
          sex = s
        }
      }
      var scope = PopulationScope.all
      if let c = cScope {
        let t = field(c)
        if let s = scopeText[t] {
          scope = s
        } else {
          guard let s = Vocabulary.scope(t) else {
            throw fail(c, "'\(t.shown)' is not a population scope (expected 60000 移動者, 61000 日本人, 62000 外国人, or all/japanese/foreign)")
          }
          scopeText[t] = s
          scope = s
        }
      }

      func count(_ c: Int, signed: Bool = false) throws(DataError) -> Int64? {
        switch Vocabulary.count(field(c), signed: signed) {
        case .value(let v): return v
        case .marker:
          report.markers += 1
          return nil
        case .invalid:
          throw fail(c, "'\(field(c).shown)' is not a count (expected a \(signed ? "" : "non-negative ")whole number, thousands separators allowed, or - for no value)")
        }
      }

      var used = false
      if plan.flows {
        let o = try area(cFrom!), d = try area(cTo!)
        if let v = try count(cCount!) {
          try flows.add(scope: scope, period: period, sex: sex, origin: o, destination: d, count: v, line: line,
                        column: cCount! + 1)
          used = true
          if o == d { withinRows += 1 }
        } else {
          try flows.addMarker(scope: scope, period: period, sex: sex, origin: o, destination: d, line: line,
                              column: cCount! + 1)
        }
      } else {
        let a = try area(cArea!)
        if let c = cName {
          let n = field(c)
          if !n.isEmpty, let named = try? AreaCatalog.standard.resolve(n), named != margins.areas[Int(a)] {
            throw fail(c, "'\(n)' names \(named) but the area column says \(margins.areas[Int(a)])")
          }
        }
        var age: Int16? = nil
        if let c = cAge {
          let t = field(c)
          if let g = ageText[t] {
            age = g
          } else {
            guard let g = AgeClass(label: t) else {
              throw fail(c, "'\(t.shown)' is not an age class (expected 0～4歳 … 90歳以上, 0～14歳, 15～64歳, 65歳以上 or 総数)")
            }
            age = margins.age(g)
            ageText[t] = age
          }
        }
        let values: [(MarginFigure, Int?)] = [(.inflow, cIn), (.outflow, cOut), (.within, cWithin)]
        var got: [MarginFigure: Int64] = [:]
        for (figure, column) in values {
          guard let c = column else { continue }
          let v = try count(c)
          try margins.add(figure, v, scope: scope, period: period, sex: sex, age: age, area: a, line: line, column: c + 1)
          if let v { got[figure] = v; used = true }
        }
        if let c = cNet, let net = try count(c, signed: true) {
          if let i = got[.inflow], let o = got[.outflow] {
            netChecked += 1
            if i - o != net {
              warnings.append((line, "line \(line): \(plan.header[c]) \(net) ≠ \(plan.header[cIn!]) \(i) − \(plan.header[cOut!]) \(o) (\(margins.areas[Int(a)]))"))
            }
          }
        }
      }
      if used {
        report.rowsUsed += 1
        rowsByScope[scope, default: 0] += 1
      } else {
        report.rowsRejected += 1
        markerRows += 1
      }
    }

    if markerRows > 0 { report.notes.append("rows with no figure (only no-value markers) not used: \(markerRows)") }
    if withinRows > 0 {
      report.notes.append("rows with from = to kept as moves inside the area (not 転入 or 転出): \(withinRows)")
    }
    if let c = cNet, netChecked > 0 {
      report.notes.append("\(plan.header[c]): \(netChecked) value\(netChecked == 1 ? "" : "s") checked against in − out, not stored (idou derives net)")
    }
    let ignored = plan.roles.indices.filter { plan.roles[$0] == .ignore || plan.roles[$0] == .name }.map { plan.header[$0] }
    if !ignored.isEmpty { report.notes.append("columns not used: \(ignored.joined(separator: ", "))") }

    var figures: [Figures]
    if plan.flows {
      flows.boundary = allPrefectures ? .prefecture : .municipality
      let (tables, resolution) = flows.buildResolvingHierarchy()
      report.notes += resolution.notes
      warnings += resolution.warnings
      figures = tables.map { .flows($0) }
    } else {
      warnings += margins.mismatches()
      figures = margins.build().map { .margins($0) }
    }
    report.addWarnings(warnings.sorted { $0.0 < $1.0 }.map(\.1))
    return InputResult(figures: figures, report: report, rowsByScope: rowsByScope, scopeIsStated: cScope != nil)
  }

  /// A period as other tools write it: `2025-01`, `2025/01`, `2025-01-31`, `202501`, `2025年1月`, `2025`, e-Stat's
  /// `2025000101` / `2025000000`.
  static func period(_ t: String) -> Period? {
    if let p = Period(parsing: t) { return p }
    let b = Array(t.utf8)
    if b.count == 6, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let y = Int(t.prefix(4)), let m = Int(t.suffix(2)) {
      return Period(year: y, month: m)
    }
    return EStatCodes.period(code: "", label: t)
  }
}
