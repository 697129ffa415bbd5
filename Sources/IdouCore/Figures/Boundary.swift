/// The boundary a figure's moves cross (docs/ARCHITECTURE.md §2, DESIGN §2).
///
/// 転入/転出 of a prefecture in e-Stat's table 1 cross the prefecture's boundary (他都道府県); those of a city, or
/// of any area in the municipal tables (the 和歌山県 exports), cross municipal boundaries (他市区町村), so a
/// prefecture's 他市区町村 figure includes moves between its own municipalities. Figures of different boundaries
/// are never summed, and outputs say which they show.
public enum Boundary: Int, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
  /// 他都道府県: moves between prefectures (table 1's prefectures, 全国 and 三大都市圏; a prefecture OD matrix).
  case prefecture
  /// 他市区町村: moves between municipalities (a 政令指定都市 counting as one in table 1, its wards in ward-level
  /// tables; the municipal tables; move records).
  case municipality

  /// The boundary of an area's own figures when a table does not say: prefectures and the groups of them cross
  /// prefecture boundaries, everything inside a prefecture municipal ones.
  public init(of area: Area) {
    self = area.level.isInsidePrefecture || area.level == .cityGroup ? .municipality : .prefecture
  }

  /// 他都道府県, 他市区町村.
  public var label: String {
    switch self {
    case .prefecture: "他都道府県"
    case .municipality: "他市区町村"
    }
  }

  /// The Japanese line outputs print: 他都道府県との移動.
  public var movesLabel: String { label + "との移動" }

  public var description: String { self == .prefecture ? "prefecture" : "municipality" }

  public static func < (a: Boundary, b: Boundary) -> Bool { a.rawValue < b.rawValue }
}
