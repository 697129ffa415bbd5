/// Every standard area code with its level, names and place in the hierarchy (docs/ARCHITECTURE.md §2):
///
///     全国 00000 ⊃ prefectures XX000 ⊃ 市部 XX001 ⊃ cities, 政令指定都市 (⊃ their 区) and 特別区部 13100 (⊃ 23 区)
///                               ⊃ 郡部 XX002 ⊃ 郡 (or 北海道's 振興局, 東京都's 支庁) ⊃ towns and villages
///     全国 ⊃ 東京圏 51000, 名古屋圏 52000, 大阪圏 53000 (groups of prefectures)
///     全国 ⊃ 21大都市計 00416 (20大都市計 00415 before 2012) = 特別区部 + the 政令指定都市 of the year
///
/// Built from two files compiled into the binary (``EmbeddedData``; sources in `datasets/SOURCES.md`):
/// `codes/area-codes-2025-03.tsv` (the 2,427 codes in force in March 2025, with parents) and
/// `codes/designated-cities.csv` (the day each 政令指定都市 was designated), plus e-Stat's own aggregate codes,
/// which the TSV does not have (00000, 51000–53000, 00415/00416, XX001/XX002, 99300, 00999). The TSV's `XX200`
/// 市部 rows are not e-Stat's and are left out; its 北海道 county codes `018xx` are unofficial and not used.
///
/// ```swift
/// let catalog = AreaCatalog.standard
/// catalog.area(AreaCode("47300")!)                     // 47300 国頭郡, level .county
/// catalog.children(of: AreaCode("47300")!)             // 47301 国頭村 … 47315 伊江村
/// catalog.cityGroupMembers(year: 2011).count           // 20: 特別区部 + 19 政令指定都市 (熊本市 from 2012)
/// try catalog.resolve("府中市")                          // throws: 13206 府中市 (東京都), 34208 府中市 (広島県)
/// ```
public final class AreaCatalog: Sendable {
  /// One code of the catalog.
  public struct Entry: Sendable {
    public let code: AreaCode
    public let level: AreaLevel
    /// 漢字 name with its suffix (熊本市, 国頭郡, 東京都特別区部).
    public let name: String
    /// Reading in hiragana (くまもとし), empty for e-Stat's aggregates.
    public let kana: String
    /// Romaji name with its suffix (Kumamoto City), empty for e-Stat's aggregates.
    public let english: String
    /// The area it lies directly inside: the prefecture for 市部/郡部, 市部 for a city, a 郡 for a town, the city
    /// for a ward; 全国 for prefectures and the nationwide groups; `nil` for 全国, 不詳 and 総数.
    public let parent: AreaCode?
    /// The day a 政令指定都市 was designated, as `yyyymmdd`.
    public let designatedOn: Int?

    public var area: Area { Area(code: code, level: level, name: name) }
  }

  /// The catalog compiled into idou.
  public static let standard = AreaCatalog(
    areaCodes: EmbeddedData.text("codes/area-codes-2025-03.tsv") ?? "",
    designatedCities: EmbeddedData.text("codes/designated-cities.csv") ?? "")

  /// Entries in code order.
  public let entries: [Entry]
  /// Entry index by code value (−1: not in the catalog).
  private let slot: [Int32]
  private let childCodes: [AreaCode: [AreaCode]]
  private let fullNames: [String: [AreaCode]]
  private let baseNames: [String: [AreaCode]]
  /// 政令指定都市 by designation day.
  private let designated: [(code: AreaCode, day: Int)]

  /// Builds the catalog from the area-code TSV (columns `code, full-ja, full-ja-hira, full-en, base-ja,
  /// base-ja-hira, base-en, level, type, pref, psub, county, subpref, muni`) and the designated-cities CSV
  /// (`code,name,designated_on,former_code`). Lines it cannot use are skipped; the tests check the counts.
  public init(areaCodes tsv: String, designatedCities csv: String) {
    var days: [AreaCode: Int] = [:]
    for line in csv.split(separator: "\n").dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false)
      guard f.count >= 3, let c = AreaCode(f[0]) else { continue }
      let d = f[2].split(separator: "-").compactMap { Int($0) }
      guard d.count == 3 else { continue }
      days[c] = d[0] * 10000 + d[1] * 100 + d[2]
    }

    var list: [Entry] = []
    var base: [(AreaCode, String)] = []
    func add(_ code: AreaCode, _ level: AreaLevel, _ name: String, kana: String = "", english: String = "",
             parent: AreaCode?) {
      list.append(Entry(code: code, level: level, name: name, kana: kana, english: english, parent: parent,
                        designatedOn: days[code]))
    }
    add(.nation, .nation, "全国", parent: nil)
    add(.tokyoArea, .metropolitanArea, "東京圏", parent: .nation)
    add(.nagoyaArea, .metropolitanArea, "名古屋圏", parent: .nation)
    add(.osakaArea, .metropolitanArea, "大阪圏", parent: .nation)
    add(.twentyCities, .cityGroup, "20大都市計", parent: .nation)
    add(.twentyOneCities, .cityGroup, "21大都市計", parent: .nation)
    add(.unknown, .unknown, "移動前の住所地不詳", parent: nil)
    add(.allOrigins, .allOrigins, "総数", parent: nil)
    for p in Prefecture.all {
      add(AreaCode.cities(of: p), .cityPart, "市部", parent: AreaCode(prefecture: p))
      add(AreaCode.counties(of: p), .countyPart, "郡部", parent: AreaCode(prefecture: p))
    }
    for line in tsv.split(separator: "\n").dropFirst() {
      let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard f.count >= 14, let code = AreaCode(f[0]), let type = Int(f[8]), let p = code.prefecture else { continue }
      let psub = AreaCode(f[10]), muni = AreaCode(f[13])
      let level: AreaLevel, parent: AreaCode
      switch type {
      case 11...14: (level, parent) = (.prefecture, .nation)
      case 22: (level, parent) = (.specialWardArea, AreaCode.cities(of: p))
      case 24 where p.code == 1: continue  // 北海道's county codes 018xx are the TSV's own, not standard
      case 24: (level, parent) = (.county, AreaCode.counties(of: p))
      case 25...27: (level, parent) = (.subprefecture, AreaCode.counties(of: p))
      case 31: (level, parent) = (.designatedCity, AreaCode.cities(of: p))
      case 32: (level, parent) = (.municipality, AreaCode.cities(of: p))
      case 33: (level, parent) = (.ward, .specialWards)
      case 34...37: (level, parent) = (.municipality, psub ?? AreaCode.counties(of: p))
      case 41:
        guard let m = muni else { continue }
        (level, parent) = (.ward, m)
      default: continue  // 21: the 政令指定都市 again (its type-31 row is kept); 23: the TSV's own 市部 XX200
      }
      let name = type == 22 ? "東京都特別区部" : f[1]
      add(code, level, name, kana: f[2], english: f[3], parent: parent)
      if !f[4].isEmpty { base.append((code, f[4])) }
      if !f[6].isEmpty { base.append((code, f[6].lowercased())) }
    }
    list.sort { $0.code < $1.code }

    var slot = [Int32](repeating: -1, count: 100_000)
    var children: [AreaCode: [AreaCode]] = [:]
    var full: [String: [AreaCode]] = [:]
    for (i, e) in list.enumerated() {
      slot[Int(e.code.value)] = Int32(i)
      // 全国's parts are the prefectures; the groups beside them (東京圏, 21大都市計) have their own members.
      if let parent = e.parent, e.level != .metropolitanArea && e.level != .cityGroup {
        children[parent, default: []].append(e.code)
      }
      for n in [e.name, e.kana, e.english.lowercased()] where !n.isEmpty { full[n, default: []].append(e.code) }
    }
    for (group, members) in AreaCatalog.metropolitanMembers {
      children[group] = members.map { AreaCode(prefecture: Prefecture(code: $0)!) }
    }
    // Names e-Stat and users write for the aggregates.
    let aliases: [(String, AreaCode)] = [
      ("全国計", .nation), ("21大都市", .twentyOneCities), ("20大都市", .twentyCities), ("特別区部", .specialWards),
      ("東京23区", .specialWards), ("23区", .specialWards), ("不詳", .unknown), ("tokyo-area", .tokyoArea),
      ("nagoya-area", .nagoyaArea), ("osaka-area", .osakaArea),
    ]
    for (n, c) in aliases { full[n, default: []].append(c) }
    var baseIndex: [String: [AreaCode]] = [:]
    for (c, n) in base where full[n] == nil { baseIndex[n, default: []].append(c) }

    entries = list
    self.slot = slot
    childCodes = children
    fullNames = full.mapValues { Array(Set($0)).sorted() }
    baseNames = baseIndex.mapValues { Array(Set($0)).sorted() }
    designated = days.map { (code: $0.key, day: $0.value) }.sorted { ($0.day, $0.code) < ($1.day, $1.code) }
  }

  /// The prefectures of each 三大都市圏 (DESIGN §2).
  public static let metropolitanMembers: [(AreaCode, [Int])] = [
    (.tokyoArea, [11, 12, 13, 14]), (.nagoyaArea, [21, 23, 24]), (.osakaArea, [26, 27, 28, 29]),
  ]

  // MARK: Codes

  /// The entry of a code, or `nil` when the catalog does not know it.
  public func entry(_ code: AreaCode) -> Entry? {
    let i = slot[Int(code.value)]
    return i < 0 ? nil : entries[Int(i)]
  }

  /// Whether the catalog knows the code.
  public func contains(_ code: AreaCode) -> Bool { slot[Int(code.value)] >= 0 }

  /// The area of a code. A code the catalog does not know (a municipality since merged away, a ward renumbered)
  /// is kept: a municipality inside its prefecture, named by its code.
  public func area(_ code: AreaCode) -> Area {
    if let e = entry(code) { return e.area }
    return Area(code: code, level: code.prefecture == nil ? .unknown : .municipality, name: code.description)
  }

  /// The area directly above (the prefecture of a 市部, the 郡 of a village, the city of a ward), or `nil`.
  public func parent(of code: AreaCode) -> AreaCode? { entry(code)?.parent }

  /// Every area above a code, nearest first (a village: its 郡, 郡部, the prefecture, 全国), then the groups that
  /// hold it in `year` (東京圏; 21大都市計 for 特別区部 and the 政令指定都市 designated by then).
  public func ancestors(of code: AreaCode, year: Int? = nil) -> [AreaCode] {
    var out: [AreaCode] = []
    var c = parent(of: code)
    while let p = c {
      out.append(p)
      c = parent(of: p)
    }
    if let e = entry(code), e.level == .prefecture,
      let g = AreaCatalog.metropolitanMembers.first(where: { $0.1.contains(code.prefectureNumber) })
    {
      out.append(g.0)
    }
    if code == .specialWards || designated.contains(where: { $0.code == code }) {
      let y = year ?? Int.max / 10000
      if cityGroupMembers(year: y).contains(code) { out.append(cityGroup(year: y)) }
    }
    return out
  }

  /// The parts of an area, in code order: the prefectures of 全国 or of a 三大都市圏; 市部 and 郡部 of a
  /// prefecture; the cities of 市部; the 郡 of 郡部; the towns of a 郡; the wards of a 政令指定都市 or of 特別区部;
  /// the members of 21大都市計 in `year` (default: as of the catalog). Empty for municipalities and wards.
  public func children(of code: AreaCode, year: Int? = nil) -> [AreaCode] {
    if entry(code)?.level == .cityGroup {
      let members = cityGroupMembers(year: year ?? Int.max / 10000)
      return cityGroup(year: year ?? Int.max / 10000) == code ? members : []
    }
    return childCodes[code] ?? []
  }

  /// The municipal units (municipalities and wards) inside an area: what its figures are the sum of in a
  /// municipal table. A 政令指定都市's are its wards.
  public func municipalUnits(of code: AreaCode, year: Int? = nil) -> [AreaCode] {
    var out: [AreaCode] = []
    var stack = [code]
    while let c = stack.popLast() {
      let kids = children(of: c, year: year)
      if kids.isEmpty {
        if let e = entry(c), e.level.isMunicipalUnit || e.level == .designatedCity { out.append(c) }
      } else {
        stack += kids
      }
    }
    return out.sorted()
  }

  // MARK: 21大都市

  /// The 政令指定都市 designated on or before the end of `year`, with the day of their designation (yyyymmdd).
  public func designatedCities(year: Int) -> [(code: AreaCode, day: Int)] {
    designated.filter { $0.day <= year * 10000 + 1231 }
  }

  /// The members of the 大都市 group of a year: 特別区部 and the 政令指定都市 designated by the end of it
  /// (熊本市 from 2012: 20 members in 2011, 21 from 2012).
  public func cityGroupMembers(year: Int) -> [AreaCode] {
    ([.specialWards] + designatedCities(year: year).map(\.code)).sorted()
  }

  /// The code of the 大都市 group of a year: `00415` 20大都市計 while it had 20 members, else `00416`
  /// 21大都市計.
  public func cityGroup(year: Int) -> AreaCode {
    cityGroupMembers(year: year).count == 20 ? .twentyCities : .twentyOneCities
  }

  // MARK: Names

  /// Resolves what a user or a file writes for an area: a prefecture's two digits (`43`), a 5-digit code
  /// (`43000`, `43100`, `51000`, `00416`), a 6-digit municipal code with its check digit (`431001`), a name
  /// (`熊本県`, `熊本`, `Kumamoto`, `熊本市`, `南城市`, `東京圏`, `21大都市`, `特別区部`), a reading (`なんじょうし`),
  /// or a name qualified by its prefecture or city (`東京都府中市`, `熊本市中央区`).
  ///
  /// Prefecture names win over cities of the same name (`熊本`, `Kumamoto` are 熊本県). A well-formed municipal
  /// code the catalog does not know is accepted (data may hold former codes); a name must be known.
  ///
  /// - Throws: `CodeError.unknownArea`, `.badCheckDigit`, or `.ambiguousArea` listing the candidates.
  public func resolve(_ raw: String) throws(CodeError) -> Area {
    try resolve(raw, qualified: true)
  }

  /// ``resolve(_:)``; `qualified` allows a name qualified by the area it lies in. The qualifier itself is resolved
  /// without (one level, 東京都 + 府中市), so that a long unknown text costs one lookup per prefix — never one per
  /// way of cutting it (a fuzzed 30-byte name once took minutes).
  private func resolve(_ raw: String, qualified: Bool) throws(CodeError) -> Area {
    let t = raw.trimmingWhitespace()
    let bytes = Array(t.utf8)
    if !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      switch bytes.count {
      case 1, 2:  // a prefecture's number, with or without its leading zero (1 or 01 for 北海道)
        let n = Int(t)!
        if n == 0 { return .nation }
        if let p = Prefecture(code: n) { return Area(p) }
      case 5:
        let c = AreaCode(t)!
        if contains(c) { return area(c) }
        if let m = try? MunicipalCode(parsing: t) { return area(AreaCode(m)) }
      case 6:
        return area(AreaCode(try MunicipalCode(parsing: t)))
      default: break
      }
      throw CodeError.unknownArea(t)
    }
    if let p = Prefecture(name: t) { return Area(p) }
    if let group = AreaCatalog.groupsWithoutCode.first(where: { $0.id == t || $0.name == t }) {
      return Area(group: group.id, name: group.name)
    }
    if let found = try named(t, within: nil) { return found }
    // A name qualified by the prefecture or city it lies in: 東京都府中市, 熊本市中央区. A qualifier is at most
    // `longestQualifier` characters (no prefecture or city name is longer), so a long text costs little.
    guard qualified, t.count <= 2 * Self.longestQualifier else { throw CodeError.unknownArea(t) }
    var prefix = ""
    for ch in t.prefix(Self.longestQualifier) {
      prefix.append(ch)
      guard prefix.count < t.count, let outer = try? resolve(prefix, qualified: false), outer.code != nil, outer.level != .nation
      else { continue }
      let rest = String(t.dropFirst(prefix.count))
      if let found = try named(rest, within: outer.code) { return found }
    }
    throw CodeError.unknownArea(t)
  }

  /// The longest prefix tried as the qualifier of a name (鹿児島県, いちき串木野市, 東京都特別区部 are shorter).
  static let longestQualifier = 12

  /// 三大都市圏 and 地方圏 as one group each: no standard code names them (ids as in the built-in region sets).
  static let groupsWithoutCode: [(id: String, name: String)] = [("metro-total", "三大都市圏"), ("non-metro", "地方圏")]

  /// The one area of a name (full names first, then names without their suffix), restricted to the areas inside
  /// `outer` when given; `nil` when no area has the name.
  private func named(_ name: String, within outer: AreaCode?) throws(CodeError) -> Area? {
    for index in [fullNames, baseNames] {
      guard var codes = index[name] ?? index[name.lowercased()] else { continue }
      if let o = outer { codes = codes.filter { ancestors(of: $0).contains(o) } }
      if codes.count == 1 { return area(codes[0]) }
      if codes.count > 1 {
        throw CodeError.ambiguousArea(name, candidates: codes.map { c in
          let a = area(c)
          let city = parent(of: c).map(area).flatMap { $0.level == .designatedCity ? $0.name : nil }
          let where_ = a.enclosingPrefecture.map { $0.name + (city ?? "") }
          return "\(c) \(a.name)" + (where_.map { " (\($0))" } ?? "")
        })
      }
    }
    return nil
  }
}
