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

  /// The role of a dimension name, or `nil` for a dimension idou does not map.
  public static func classify(_ rawName: String) -> EStatRole? {
    let name = rawName.trimmingWhitespace()
    if name.contains("表章項目") { return .measure }
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
  static let known = "表章項目, 国籍, 性別, 時間軸（年次／月次）, 移動前の住所地, 移動後の住所地, 地域（全国・都道府県・市区町村）"
}

/// What a 表章項目 counts.
enum EStatMeasure: Equatable {
  /// 移動者数: moves from an origin to a destination.
  case moves
  /// 転入者数: moves into an area.
  case inflow
  /// 転出者数: moves out of an area.
  case outflow
  /// 転入超過数 (社会増減): derived as 転入 − 転出; checked, not stored.
  case net
  /// A rate or another figure that is not a count of persons (転入超過率): not used.
  case notCount

  static func classify(label: String) -> EStatMeasure? {
    if label.contains("率") || label.contains("割合") { return .notCount }
    if label.contains("転入超過") || label.contains("社会増減") || label.contains("転出超過") { return .net }
    if label.contains("転入") { return .inflow }
    if label.contains("転出") { return .outflow }
    if label.contains("移動者") || label.contains("移動数") { return .moves }
    return nil
  }
}

/// An area as an e-Stat code names it.
enum EStatArea: Hashable {
  case area(Area)
  /// `00000` 全国.
  case nation
  /// `00999` 総数 (as an origin: moves from anywhere).
  case total

  /// Parses a 5-digit e-Stat area code (`43000` 熊本県, `43100` 熊本市, `00000` 全国, `00999` 総数, `99300` 不詳),
  /// also 2-digit prefecture codes and 6-digit municipal codes; the label names a municipality.
  static func parse(code rawCode: String, label: String) -> EStatArea? {
    let code = rawCode.trimmingWhitespace()
    switch AreaCode(code) {
    case AreaCode.nation?: return .nation
    case AreaCode.allOrigins?: return .total
    case AreaCode.unknown?: return .area(.unknown)
    default: break
    }
    if code == "00" { return .nation }
    if let p = try? Prefecture(parsing: code) { return .area(Area(p)) }
    if let m = try? MunicipalCode(parsing: code) {
      // The level from the catalog; the name as e-Stat writes it (髙森町, where the catalog has 高森町).
      let a = Area(code: AreaCode(m)), name = label.trimmingWhitespace()
      return .area(name.isEmpty ? a : Area(code: AreaCode(m), level: a.level, name: name))
    }
    if code.isEmpty, let p = try? Prefecture(parsing: label) { return .area(Area(p)) }
    return nil
  }
}

enum EStatCodes {
  /// 総数 0, 男 1, 女 2 (by code, else by label).
  static func sex(code: String, label: String) -> Sex? {
    let c = code.trimmingWhitespace()
    if let n = Int(c), let s = Sex(rawValue: n) { return s }
    switch label.trimmingWhitespace() {
    case "総数", "男女計", "計", "合計": return .total
    case "男", "男性": return .male
    case "女", "女性": return .female
    default: return nil
    }
  }

  /// 60000 移動者, 61000 日本人移動者, 62000 外国人移動者 (by code, else by label).
  static func scope(code: String, label: String) -> PopulationScope? {
    if let s = PopulationScope(eStatCode: code.trimmingWhitespace()) { return s }
    let l = label.trimmingWhitespace()
    if l.contains("日本人") { return .japanese }
    if l.hasPrefix("外国人") { return .foreign }
    if l.contains("移動者") || l == "総数" { return .all }
    return nil
  }

  /// A time code `YYYY00MMMM`/`YYYY000000`, else a label `2024年1月`/`2024年`.
  static func period(code: String, label: String) -> Period? {
    if let p = Period(parsing: code.trimmingWhitespace()) { return p }
    let l = Array(label.trimmingWhitespace().unicodeScalars)
    var year = 0, i = 0
    while i < l.count, let d = l[i].properties.numericType != nil ? Int(String(l[i])) : nil { year = year * 10 + d; i += 1 }
    guard i == 4, i < l.count, l[i] == "年" else { return nil }
    i += 1
    if i == l.count { return Period(year: year) }
    var month = 0, digits = 0
    while i < l.count, let d = Int(String(l[i])) { month = month * 10 + d; i += 1; digits += 1 }
    guard digits > 0, i == l.count - 1, l[i] == "月" else { return nil }
    return Period(year: year, month: month)
  }
}
