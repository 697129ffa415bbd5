/// An area on a cube's area axis: a prefecture, a municipality, a group of areas (a region), the nation, or the
/// counterpart "不詳" that stands for moves whose other end a table does not give.
///
/// The `code` is the canonical text code: `"43"` for a prefecture, `"43100"` for a municipality, `"00000"` for
/// 全国, `"99300"` for 不詳, and a region set's group code (`"tokyo-area"`) for a group.
public struct Area: Hashable, Sendable, CustomStringConvertible {
  public enum Kind: Int, Hashable, Sendable, Comparable {
    case nation, prefecture, municipality, region, unspecified
    public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
  }

  public let code: String
  public let name: String
  public let kind: Kind

  public init(code: String, name: String, kind: Kind) {
    self.code = code
    self.name = name
    self.kind = kind
  }

  public init(_ prefecture: Prefecture) {
    self.init(code: prefecture.codeString, name: prefecture.name, kind: .prefecture)
  }

  /// A municipality; its name comes from a catalog when one is loaded, else it is the code.
  public init(_ municipality: MunicipalCode, name: String? = nil) {
    self.init(code: municipality.fiveDigits, name: name ?? municipality.fiveDigits, kind: .municipality)
  }

  /// 全国 (e-Stat code 00000).
  public static let nation = Area(code: "00000", name: "全国", kind: .nation)
  /// 不詳: the other end of moves that a table gives only as totals (e-Stat 99300 移動前の住所地不詳).
  public static let unspecified = Area(code: "99300", name: "不詳", kind: .unspecified)

  /// The prefecture, when this area is one.
  public var prefecture: Prefecture? {
    kind == .prefecture ? Int(code).flatMap(Prefecture.init(code:)) : nil
  }

  public var description: String { "\(code) \(name)" }

  /// Resolves what a user or a file writes for a prefecture: `43`, `43000`, `熊本県`, `熊本`, `Kumamoto`.
  /// - Throws: `CodeError.unknownArea` for anything else.
  public static func prefecture(parsing text: String) throws(CodeError) -> Prefecture {
    let t = text.trimmingWhitespace()
    if let n = Int(t), t.utf8.count <= 2, let p = Prefecture(code: n) { return p }
    if t.utf8.count == 5, let n = Int(t), n % 1000 == 0, let p = Prefecture(code: n / 1000) { return p }
    if let p = Prefecture(name: t) { return p }
    throw CodeError.unknownArea(t)
  }
}
