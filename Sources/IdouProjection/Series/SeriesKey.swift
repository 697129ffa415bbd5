import IdouCore

/// 転入 (in-migrants) or 転出 (out-migrants): the two directions projected separately. Net (転入超過) is always
/// their difference, never a series of its own.
public enum Direction: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  case `in`, out

  /// 転入 or 転出.
  public var label: String { self == .in ? "転入" : "転出" }
  public var description: String { rawValue }
}

/// What a pair of projected series (its 転入 and its 転出) counts: the moves of an area with a counterpart, of a sex.
///
/// `counterpart == nil` means every counterpart (全国計): the area's total 転入 and 転出.
public struct SeriesKey: Hashable, Sendable, CustomStringConvertible {
  public let area: Area
  /// The group of areas at the other end (東京圏, 福岡県, その他), or `nil` for all of them (全国計).
  public let counterpart: Area?
  public let sex: Sex

  public init(area: Area, counterpart: Area? = nil, sex: Sex = .total) {
    self.area = area
    self.counterpart = counterpart
    self.sex = sex
  }

  /// E.g. `43 熊本県 with 東京圏, 総数` or `43 熊本県, 男`.
  public var description: String {
    "\(area.codeText) \(area.name)\(counterpart.map { " with \($0.name)" } ?? ""), \(sex.label)"
  }

  /// One direction of the pair, named as a statistician would: `43 熊本県 転入 from 東京圏, 総数`.
  public func describe(_ direction: Direction) -> String {
    let other = counterpart.map { " \(direction == .in ? "from" : "to") \($0.name)" } ?? ""
    return "\(area.codeText) \(area.name) \(direction.label)\(other), \(sex.label)"
  }
}
