import IdouCore

/// What a dimension (分類事項) of an e-Stat table of 住民基本台帳人口移動報告 means to idou, told from its name.
///
/// A download names each dimension twice, `<名> コード` and `<名>`; the API names it `cat01_code` (etc.) and
/// `<名>`. The name decides the role: `表章項目` → ``measure``, `国籍` → ``nationality``, `性別` → ``sex``,
/// `時間軸（年次）`/`時間軸（月次）` → ``time``, `移動前の住所地` → ``origin``, `移動後の住所地` → ``destination``,
/// `地域`/`全国・都道府県`/`市区町村` → ``area``.
public enum EStatRole: String, Sendable, CaseIterable {
  /// 表章項目: what the value counts (移動者数, 転入者数, 転出者数, 転入超過数).
  case measure
  /// 国籍: 移動者 60000, 日本人移動者 61000, 外国人移動者 62000.
  case nationality
  /// 性別: 総数 0, 男 1, 女 2.
  case sex
  /// 時間軸: `YYYY00MMMM` months, `YYYY000000` years.
  case time
  /// 移動前の住所地 (where movers came from); `00999` is 総数.
  case origin
  /// 移動後の住所地 (where movers went).
  case destination
  /// A table of per-area totals (地域, 全国・都道府県, 市区町村).
  case area
  /// 年齢 (総数, 5歳階級, 年齢3区分).
  case age

  /// The role of a dimension name, or `nil` for a dimension idou does not map.
  public static func classify(_ rawName: String) -> EStatRole? {
    let name = rawName.trimmingWhitespace()
    if name.contains("表章項目") { return .measure }
    if name.contains("年齢") || name == "年齢階級" { return .age }
    if name.contains("国籍") { return .nationality }
    if name.contains("性別") || name == "男女別" || name == "男女" { return .sex }
    if name.contains("時間軸") || name.contains("時点") || name == "調査年" || name == "調査年月" || name == "年次"
      || name == "月次"
    {
      return .time
    }
    if name.contains("移動前") || name.contains("従前") { return .origin }
    if name.contains("移動後") { return .destination }
    if name.contains("地域") || name.contains("都道府県") || name.contains("市区町村") || name.contains("住所地") {
      return .area
    }
    return nil
  }

  /// The names idou understands, for error messages.
  static let known = "表章項目, 国籍, 性別, 年齢, 時間軸（年次／月次）, 移動前の住所地, 移動後の住所地, 地域（全国・都道府県・市区町村）"
}

/// What a 表章項目 counts, told from its label.
struct EStatMeasure: Equatable, Hashable {
  enum Kind: Hashable {
    /// 移動者数: moves from an origin to a destination.
    case moves
    /// 転入者数: moves into an area.
    case inflow
    /// 転出者数: moves out of an area.
    case outflow
    /// 転入超過数 (社会増減): checked against 転入 − 転出, not stored.
    case net
    /// 都道府県内移動者数, 自都市内移動者数: moves inside the area.
    case within
    /// A rate or another figure that is not a count of persons (転入超過率): not used.
    case notCount
  }

  var kind: Kind
  /// 他市区町村 for every area when the label names only municipal boundaries (the municipal tables:
  /// 他市区町村からの転入者数); `nil` for each area's own (table 1: 他都道府県（他市町村） — prefectures cross
  /// prefecture boundaries, its cities municipal ones).
  var boundary: Boundary?

  static func classify(label: String) -> EStatMeasure? {
    let boundary: Boundary? =
      !label.contains("他都道府県") && (label.contains("他市区町村") || label.contains("他市町村")) ? .municipality : nil
    if label.contains("率") || label.contains("割合") { return EStatMeasure(kind: .notCount, boundary: boundary) }
    if label.contains("転入超過") || label.contains("社会増減") || label.contains("転出超過") {
      return EStatMeasure(kind: .net, boundary: boundary)
    }
    if label.contains("内移動") || label.contains("）内移動") { return EStatMeasure(kind: .within, boundary: boundary) }
    if label.contains("転入") { return EStatMeasure(kind: .inflow, boundary: boundary) }
    if label.contains("転出") { return EStatMeasure(kind: .outflow, boundary: boundary) }
    if label.contains("移動者") || label.contains("移動数") { return EStatMeasure(kind: .moves, boundary: boundary) }
    return nil
  }
}

/// An area as an e-Stat code names it: any 5-digit standard code (00000 全国, 51000 東京圏, 00416 21大都市計, 43001 市部,
/// 47300 国頭郡, 00999 総数, 99300 不詳), a 2-digit prefecture, a 6-digit municipal code; named by the file's label
/// (髙森町 where the catalog has 高森町).
enum EStatArea {
  static func parse(code rawCode: String, label: String) -> Area? {
    let code = rawCode.trimmingWhitespace(), name = label.trimmingWhitespace()
    if code.isEmpty { return name.isEmpty ? nil : try? AreaCatalog.standard.resolve(name) }
    if code == "00" { return .nation }
    guard let a = try? AreaCatalog.standard.resolve(code), let c = a.code else { return nil }
    if a.level == .unknown || a.level == .allOrigins || a.level == .nation { return a }
    // Names e-Stat gives aggregates (市部, 郡部) repeat in every prefecture: keep the catalog's.
    return name.isEmpty || a.level == .cityPart || a.level == .countyPart ? a : Area(code: c, level: a.level, name: name)
  }
}

enum EStatCodes {
  /// 総数 0, 男 1, 女 2 (by code, else by label).
  static func sex(code: String, label: String) -> Sex? {
    let c = code.trimmingWhitespace()
    if let n = Int(c), let s = Sex(rawValue: n) { return s }
    return Vocabulary.sex(label)
  }

  /// 60000 移動者, 61000 日本人移動者, 62000 外国人移動者 (by code, else by label).
  static func scope(code: String, label: String) -> PopulationScope? {
    if let s = PopulationScope(eStatCode: code.trimmingWhitespace()) { return s }
    if let s = Vocabulary.scope(label) { return s }
    let l = label.trimmingWhitespace()
    if l.contains("日本人") { return .japanese }
    if l.hasPrefix("外国人") { return .foreign }
    if l.contains("移動者") { return .all }
    return nil
  }

  /// An age class by label (the code is e-Stat's own numbering).
  static func age(code: String, label: String) -> AgeClass? { AgeClass(label: label) ?? AgeClass(label: code) }

  /// A time code `YYYY00MMMM`/`YYYY000000`, else a label `2024年1月`/`2024年`.
  static func period(code: String, label: String) -> Period? {
    if let p = Period(parsing: code.trimmingWhitespace()) { return p }
    let l = Array(label.trimmingWhitespace().unicodeScalars)
    var year = 0, i = 0
    // At most five digits are read (four make a year): a long run of digits cannot overflow (a fuzz finding).
    while i < l.count, i < 5, let d = l[i].properties.numericType != nil ? Int(String(l[i])) : nil { year = year * 10 + d; i += 1 }
    guard i == 4, i < l.count, l[i] == "年" else { return nil }
    i += 1
    if i == l.count { return Period(year: year) }
    var month = 0, digits = 0
    while i < l.count, digits < 3, let d = Int(String(l[i])) { month = month * 10 + d; i += 1; digits += 1 }
    guard digits > 0, i == l.count - 1, l[i] == "月" else { return nil }
    return Period(year: year, month: month)
  }
}
