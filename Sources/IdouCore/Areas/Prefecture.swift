/// One of the 47 prefectures (都道府県), identified by its JIS X 0401 code.
///
/// ```swift
/// let kumamoto = Prefecture(code: 43)!
/// kumamoto.name      // "熊本県"
/// kumamoto.romaji    // "Kumamoto"
/// ```
public struct Prefecture: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// JIS X 0401 code, 1 (北海道) … 47 (沖縄県).
  public let code: Int

  /// Creates the prefecture with a JIS code, or `nil` outside 1…47.
  public init?(code: Int) {
    guard (1...47).contains(code) else { return nil }
    self.code = code
  }

  /// The 漢字 name, e.g. 熊本県.
  public var name: String { Prefecture.table[code - 1].name }
  /// The reading in romaji, e.g. Kumamoto.
  public var romaji: String { Prefecture.table[code - 1].romaji }
  /// The two-digit code as written in tables, e.g. "43".
  public var codeString: String { code < 10 ? "0\(code)" : "\(code)" }
  /// The five-digit area code e-Stat uses, e.g. "43000".
  public var eStatCode: String { codeString + "000" }

  public var description: String { "\(codeString) \(name)" }
  public static func < (a: Prefecture, b: Prefecture) -> Bool { a.code < b.code }

  /// All 47 prefectures in JIS order.
  public static let all: [Prefecture] = (1...47).map { Prefecture(code: $0)! }

  /// Resolves what a user or a file writes for a prefecture: `43`, `43000`, `熊本県`, `熊本`, `Kumamoto`. (Any
  /// area, cities and groups included: ``AreaCatalog/resolve(_:)``.)
  /// - Throws: `CodeError.unknownArea` for anything else.
  public init(parsing text: String) throws(CodeError) {
    let t = text.trimmingWhitespace()
    if let n = Int(t), t.utf8.count <= 2, let p = Prefecture(code: n) {
      self = p
    } else if t.utf8.count == 5, let n = Int(t), n % 1000 == 0, let p = Prefecture(code: n / 1000) {
      self = p
    } else if let p = Prefecture(name: t) {
      self = p
    } else {
      throw CodeError.unknownArea(t)
    }
  }

  /// Finds a prefecture by 漢字 name (with or without 都/道/府/県) or by romaji, case-insensitively.
  public init?(name: String) {
    let wanted = name.trimmingWhitespace()
    if let i = Prefecture.table.firstIndex(where: { entry in
      entry.name == wanted || entry.shortName == wanted
        || entry.romaji.lowercased() == wanted.lowercased()
    }) {
      self.code = i + 1
    } else {
      return nil
    }
  }

  private struct Entry {
    let name: String
    let romaji: String
    /// The name without its suffix (東京, 大阪, 北海道 stays 北海道).
    var shortName: String {
      name == "北海道" ? name : String(name.dropLast())
    }
  }

  private static let table: [Entry] = [
    ("北海道", "Hokkaido"), ("青森県", "Aomori"), ("岩手県", "Iwate"), ("宮城県", "Miyagi"),
    ("秋田県", "Akita"), ("山形県", "Yamagata"), ("福島県", "Fukushima"), ("茨城県", "Ibaraki"),
    ("栃木県", "Tochigi"), ("群馬県", "Gunma"), ("埼玉県", "Saitama"), ("千葉県", "Chiba"),
    ("東京都", "Tokyo"), ("神奈川県", "Kanagawa"), ("新潟県", "Niigata"), ("富山県", "Toyama"),
    ("石川県", "Ishikawa"), ("福井県", "Fukui"), ("山梨県", "Yamanashi"), ("長野県", "Nagano"),
    ("岐阜県", "Gifu"), ("静岡県", "Shizuoka"), ("愛知県", "Aichi"), ("三重県", "Mie"),
    ("滋賀県", "Shiga"), ("京都府", "Kyoto"), ("大阪府", "Osaka"), ("兵庫県", "Hyogo"),
    ("奈良県", "Nara"), ("和歌山県", "Wakayama"), ("鳥取県", "Tottori"), ("島根県", "Shimane"),
    ("岡山県", "Okayama"), ("広島県", "Hiroshima"), ("山口県", "Yamaguchi"), ("徳島県", "Tokushima"),
    ("香川県", "Kagawa"), ("愛媛県", "Ehime"), ("高知県", "Kochi"), ("福岡県", "Fukuoka"),
    ("佐賀県", "Saga"), ("長崎県", "Nagasaki"), ("熊本県", "Kumamoto"), ("大分県", "Oita"),
    ("宮崎県", "Miyazaki"), ("鹿児島県", "Kagoshima"), ("沖縄県", "Okinawa"),
  ].map { Entry(name: $0.0, romaji: $0.1) }
}

extension StringProtocol {
  /// The string without leading and trailing spaces, tabs, CR/LF and ideographic spaces (U+3000).
  public func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\u{3000}" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}
