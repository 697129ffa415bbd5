import IdouCore

/// One move record as the engine keeps it (DESIGN §3.1): the month of the 転入届, both ends as five-digit
/// municipal codes (a record that gives only a prefecture has `13000` for 東京都), sex, age and nationality.
///
/// The day of the month is checked when given and then dropped: the report counts moves by month.
public struct MoveRecord: Hashable, Sendable {
  /// Months since 1900-01 (`0` = 1900-01): the reader keeps years 1900–2099, so this fits in `UInt16`.
  public var month: Int
  /// Five-digit code of the previous address (移動前の住所地).
  public var origin: Int
  /// Five-digit code of the new address (移動後の住所地).
  public var destination: Int
  /// 1 男, 2 女 (``Sex`` raw values).
  public var sex: Int
  /// 0–130, or ``MoveRecord/unknownAge``.
  public var age: Int
  /// ``MoveRecord/unknownNationality``, ``MoveRecord/japanese`` or ``MoveRecord/foreign``.
  public var nationality: Int

  public static let unknownAge = 255
  public static let unknownNationality = 0, japanese = 1, foreign = 2
  /// The first year a record may carry; `month` counts from its January.
  public static let firstYear = 1900
  /// Month slots 1900-01 … 2099-12.
  public static let monthSlots = 200 * 12

  public init(month: Int, origin: Int, destination: Int, sex: Int, age: Int = unknownAge,
              nationality: Int = unknownNationality) {
    self.month = month
    self.origin = origin
    self.destination = destination
    self.sex = sex
    self.age = age
    self.nationality = nationality
  }

  /// The month as a ``Period``.
  public var period: Period { MoveRecord.period(month: month) }

  /// The period of a month slot.
  public static func period(month: Int) -> Period {
    Period(year: firstYear + month / 12, month: month % 12 + 1)!
  }
  /// The month slot of a period (a month of 1900–2099).
  public static func monthSlot(_ p: Period) -> Int? {
    guard p.isMonth, (firstYear..<firstYear + 200).contains(p.year) else { return nil }
    return (p.year - firstYear) * 12 + p.month - 1
  }
}

