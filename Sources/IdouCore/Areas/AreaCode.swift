/// A 5-digit 標準地域コード as e-Stat writes areas (docs/ARCHITECTURE.md §2): `43000` 熊本県, `43100` 熊本市,
/// `00000` 全国, `51000` 東京圏, `00416` 21大都市計, `43001` 市部, `43002` 郡部, `47300` 国頭郡, `99300` 移動前の住所地不詳,
/// `00999` 総数 (as an origin).
///
/// A code is a number 0…99999 kept in 32 bits, so tables of codes are small and compare in one instruction. It
/// says nothing about what the area is: ``AreaCatalog`` knows the level, the name and the parents.
///
/// ```swift
/// AreaCode("43100")?.prefectureNumber   // 43
/// AreaCode(prefecture: 43).description  // "43000"
/// ```
public struct AreaCode: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The code as a number, e.g. 43100.
  public let value: Int32

  /// Wraps a number 0…99999.
  public init?(_ value: Int) {
    guard (0...99_999).contains(value) else { return nil }
    self.value = Int32(value)
  }

  /// Parses exactly five ASCII digits (`"01100"`); anything else is `nil`.
  public init?(_ text: some StringProtocol) {
    var v: Int32 = 0, n = 0
    for b in text.utf8 {
      guard b >= 0x30 && b <= 0x39, n < 5 else { return nil }
      v = v * 10 + Int32(b - 0x30)
      n += 1
    }
    guard n == 5 else { return nil }
    value = v
  }

  init(unchecked value: Int32) { self.value = value }

  /// The prefecture's own code, `XX000`.
  public init(prefecture: Prefecture) { value = Int32(prefecture.code * 1000) }

  /// The municipality's five digits.
  public init(_ municipality: MunicipalCode) { value = Int32(municipality.code) }

  /// The first two digits: the prefecture 1…47 for codes inside one, 0 for 全国 and the nationwide aggregates
  /// (00415, 00416, 00999), 51…53 for the 三大都市圏, 99 for 不詳.
  public var prefectureNumber: Int { Int(value) / 1000 }

  /// The prefecture this code lies in, when its first two digits name one.
  public var prefecture: Prefecture? { Prefecture(code: prefectureNumber) }

  /// The last three digits (`43100` → 100).
  public var local: Int { Int(value) % 1000 }

  /// The five digits, zero-padded.
  public var description: String {
    let v = Int(value)
    let s = String(v)
    return String(repeating: "0", count: max(0, 5 - s.utf8.count)) + s
  }

  public static func < (a: AreaCode, b: AreaCode) -> Bool { a.value < b.value }

  // MARK: e-Stat's own codes

  /// 全国.
  public static let nation = AreaCode(unchecked: 0)
  /// 20大都市計 (特別区部 and the 19 政令指定都市 of 2010–2011).
  public static let twentyCities = AreaCode(unchecked: 415)
  /// 21大都市計 (特別区部 and the 20 政令指定都市 since 熊本市, 2012).
  public static let twentyOneCities = AreaCode(unchecked: 416)
  /// 総数 as an origin: moves from anywhere (a column total of an origin–destination table, not an area).
  public static let allOrigins = AreaCode(unchecked: 999)
  /// 東京圏 (埼玉・千葉・東京・神奈川).
  public static let tokyoArea = AreaCode(unchecked: 51000)
  /// 名古屋圏 (岐阜・愛知・三重).
  public static let nagoyaArea = AreaCode(unchecked: 52000)
  /// 大阪圏 (京都・大阪・兵庫・奈良).
  public static let osakaArea = AreaCode(unchecked: 53000)
  /// 東京都特別区部.
  public static let specialWards = AreaCode(unchecked: 13100)
  /// 移動前の住所地不詳: the unknown other end.
  public static let unknown = AreaCode(unchecked: 99300)

  /// 市部 of a prefecture, e-Stat's `XX001` (the cities, 政令指定都市 and 特別区部 included).
  public static func cities(of p: Prefecture) -> AreaCode { AreaCode(unchecked: Int32(p.code * 1000 + 1)) }
  /// 郡部 of a prefecture, e-Stat's `XX002` (the towns and villages).
  public static func counties(of p: Prefecture) -> AreaCode { AreaCode(unchecked: Int32(p.code * 1000 + 2)) }
}
