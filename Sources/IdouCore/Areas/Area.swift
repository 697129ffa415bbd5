/// An area figures are given for: the nation, a group of prefectures or cities, a prefecture, a part of one (市部,
/// 郡部, a 郡), a 政令指定都市, a municipality or ward, a group of a region set, その他, or 不詳 (docs/ARCHITECTURE.md
/// §2). Typed, never a string: two areas are the same when their ``key`` is.
///
/// Areas with a standard code take their level and name from ``AreaCatalog/standard``; a region-set group that
/// no code names (地方圏, a user's 九州) is keyed by the set's group id.
///
/// ```swift
/// let kumamoto = Area(Prefecture(code: 43)!)        // 43000 熊本県, level .prefecture
/// let city = Area(code: AreaCode("43100")!)        // 43100 熊本市, level .designatedCity
/// try AreaCatalog.standard.resolve("南城市")         // 47215 南城市
/// ```
public struct Area: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// What identifies an area.
  public enum Key: Hashable, Sendable {
    /// A 5-digit standard code (e-Stat's aggregates included).
    case code(AreaCode)
    /// A group of a region set that no standard code names, by the set's group id (`non-metro`, `kyushu`).
    case group(String)
    /// その他: what no group of a region set names.
    case rest
  }

  public let key: Key
  public let level: AreaLevel
  /// The Japanese name (熊本県, 熊本市, 東京圏, その他).
  public let name: String

  /// An area with a standard code, its level and name given (readers and tests; usually ``init(code:)``).
  public init(code: AreaCode, level: AreaLevel, name: String) {
    key = .code(code)
    self.level = level
    self.name = name
  }

  /// A group of a region set that no standard code names.
  public init(group id: String, name: String) {
    key = .group(id)
    level = .regionGroup
    self.name = name
  }

  private init(key: Key, level: AreaLevel, name: String) {
    self.key = key
    self.level = level
    self.name = name
  }

  /// The area of a standard code, named and levelled by the bundled catalog (a well-formed code the catalog does
  /// not know — a former municipality — is a municipality named by its code).
  public init(code: AreaCode) { self = AreaCatalog.standard.area(code) }

  /// A prefecture.
  public init(_ prefecture: Prefecture) { self = AreaCatalog.standard.area(AreaCode(prefecture: prefecture)) }

  /// A municipality (or ward, or 政令指定都市) by its municipal code.
  public init(_ municipality: MunicipalCode) { self = AreaCatalog.standard.area(AreaCode(municipality)) }

  /// 全国 `00000`.
  public static let nation = Area(code: .nation, level: .nation, name: "全国")
  /// 移動前の住所地不詳 `99300`: moves whose other end is unknown, and the other end of figures that a table gives
  /// only as per-area totals (転入 of an area is the flow 不詳 → area).
  public static let unknown = Area(code: .unknown, level: .unknown, name: "不詳")
  /// その他: what no group of a region set names.
  public static let rest = Area(key: .rest, level: .rest, name: "その他")
  /// 東京圏 `51000`.
  public static let tokyoArea = Area(code: .tokyoArea, level: .metropolitanArea, name: "東京圏")
  /// 名古屋圏 `52000`.
  public static let nagoyaArea = Area(code: .nagoyaArea, level: .metropolitanArea, name: "名古屋圏")
  /// 大阪圏 `53000`.
  public static let osakaArea = Area(code: .osakaArea, level: .metropolitanArea, name: "大阪圏")

  /// The standard code, when the area has one.
  public var code: AreaCode? {
    if case .code(let c) = key { return c }
    return nil
  }

  /// The prefecture, when this area is one.
  public var prefecture: Prefecture? { level == .prefecture ? code?.prefecture : nil }

  /// The prefecture the area lies in: itself for a prefecture, the prefecture of a 市部, 郡, city or ward; `nil`
  /// for the nation, groups and 不詳.
  public var enclosingPrefecture: Prefecture? {
    level == .prefecture || level.isInsidePrefecture ? code?.prefecture : nil
  }

  /// Whether figures of this area are counted between municipal units (a municipality or a ward).
  public var isMunicipalUnit: Bool { level.isMunicipalUnit }

  /// The code as idou writes it in tables and tidy rows, and reads back: a prefecture's two digits (`43`), any
  /// other standard code's five (`43100`, `00000`, `51000`, `99300`), a region group's id, `rest` for その他.
  public var codeText: String {
    switch key {
    case .code(let c): level == .prefecture ? String(c.description.prefix(2)) : c.description
    case .group(let id): id
    case .rest: "rest"
    }
  }

  public var description: String { "\(codeText) \(name)" }

  public static func == (a: Area, b: Area) -> Bool { a.key == b.key }
  public func hash(into h: inout Hasher) { h.combine(key) }

  /// The order areas are listed in: 全国, prefectures, then what lies inside prefectures by code (市部, 郡部,
  /// cities, their wards, 郡 and their towns, in e-Stat's order), the 三大都市圏 and 大都市 groups, region groups,
  /// その他, 不詳.
  public static func < (a: Area, b: Area) -> Bool {
    if a.rank != b.rank { return a.rank < b.rank }
    switch (a.key, b.key) {
    case (.code(let x), .code(let y)): return x < y
    case (.group(let x), .group(let y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
    case (.code, _): return true
    case (.group, .rest): return true
    default: return false
    }
  }

  var rank: Int {
    switch level {
    case .nation: 0
    case .prefecture: 1
    case .cityPart, .countyPart, .subprefecture, .county, .specialWardArea, .designatedCity, .municipality, .ward: 2
    case .metropolitanArea: 3
    case .cityGroup: 4
    case .regionGroup: 5
    case .rest: 6
    case .unknown: 7
    case .allOrigins: 8
    }
  }
}
