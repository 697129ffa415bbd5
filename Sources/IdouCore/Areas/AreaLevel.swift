/// What kind of area a code or a group stands for (docs/ARCHITECTURE.md §2). Published tables put areas of several
/// levels side by side; the level says which rows are aggregates of which.
///
/// The order (`<`) is the order areas are listed in: 全国, the groups of prefectures and of cities, prefectures,
/// the parts of a prefecture, municipalities and wards, region-set groups, その他, 不詳.
public enum AreaLevel: Int, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
  /// 全国 `00000`.
  case nation
  /// 三大都市圏: 東京圏 `51000`, 名古屋圏 `52000`, 大阪圏 `53000` (groups of prefectures).
  case metropolitanArea
  /// 21大都市計 `00416` (20大都市計 `00415` before 2012): 特別区部 and the 政令指定都市 of the year.
  case cityGroup
  /// A prefecture `XX000`.
  case prefecture
  /// 市部 `XX001`: the cities of a prefecture (政令指定都市 and 特別区部 included).
  case cityPart
  /// 郡部 `XX002`: the towns and villages of a prefecture.
  case countyPart
  /// 北海道's 振興局 and 東京都's 支庁 (`01330` 渡島総合振興局, `13360` 大島支庁): the towns and villages they hold.
  case subprefecture
  /// A 郡 (`47300` 国頭郡): its towns and villages.
  case county
  /// 東京都特別区部 `13100`: the 23 special wards.
  case specialWardArea
  /// A 政令指定都市 (`43100` 熊本市): one municipality in table 1, the sum of its wards in ward-level tables.
  case designatedCity
  /// A city, town or village (`43202` 八代市, `47301` 国頭村).
  case municipality
  /// A ward: of a 政令指定都市 (`43101` 中央区) or a special ward of Tokyo (`13101` 千代田区). Wards count as
  /// municipalities in the survey (DESIGN §2).
  case ward
  /// A group of a region set that no standard code names (三大都市圏 as one group, 地方圏, a user's 九州).
  case regionGroup
  /// その他: what no group of a region set names (so that no move is lost when grouping).
  case rest
  /// 移動前の住所地不詳 `99300`, and the other end of figures a table gives only as totals.
  case unknown
  /// 総数 `00999` as an origin: moves from anywhere. A column total, never an area of a cube.
  case allOrigins

  public static func < (a: AreaLevel, b: AreaLevel) -> Bool { a.rawValue < b.rawValue }

  /// Whether areas of this level are the units moves are counted between at the municipal level: a municipality
  /// or a ward (a 政令指定都市 is the sum of its wards there).
  public var isMunicipalUnit: Bool { self == .municipality || self == .ward }

  /// Whether areas of this level lie inside one prefecture (市部, 郡部, 郡, 振興局, 特別区部, cities, wards).
  public var isInsidePrefecture: Bool {
    switch self {
    case .cityPart, .countyPart, .subprefecture, .county, .specialWardArea, .designatedCity, .municipality, .ward: true
    default: false
    }
  }

  /// Whether this level is made of other areas when they are present (every level but municipalities, wards,
  /// その他 and 不詳). Whether a given area is an aggregate *in a table* depends on its parts being there
  /// (``AreaCatalog/parts(of:year:)``).
  public var isAggregate: Bool {
    switch self {
    case .municipality, .ward, .rest, .unknown: false
    default: true
    }
  }

  /// The word for the level, in Japanese, as outputs name it.
  public var label: String {
    switch self {
    case .nation: "全国"
    case .metropolitanArea: "三大都市圏"
    case .cityGroup: "大都市計"
    case .prefecture: "都道府県"
    case .cityPart: "市部"
    case .countyPart: "郡部"
    case .subprefecture: "振興局・支庁"
    case .county: "郡"
    case .specialWardArea: "特別区部"
    case .designatedCity: "政令指定都市"
    case .municipality: "市町村"
    case .ward: "区"
    case .regionGroup: "地域区分"
    case .rest: "その他"
    case .unknown: "不詳"
    case .allOrigins: "総数"
    }
  }

  /// The English word used on the command line (`--level prefecture`).
  public var word: String {
    switch self {
    case .nation: "nation"
    case .metropolitanArea: "metropolitan-area"
    case .cityGroup: "city-group"
    case .prefecture: "prefecture"
    case .cityPart: "city-part"
    case .countyPart: "county-part"
    case .subprefecture: "subprefecture"
    case .county: "county"
    case .specialWardArea: "special-ward-area"
    case .designatedCity: "designated-city"
    case .municipality: "municipality"
    case .ward: "ward"
    case .regionGroup: "region"
    case .rest: "rest"
    case .unknown: "unknown"
    case .allOrigins: "all-origins"
    }
  }

  public var description: String { word }
}
