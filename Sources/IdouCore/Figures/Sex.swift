/// Sex as the report tabulates it: 総数 (0), 男 (1), 女 (2). 総数 = 男 + 女 always.
public enum Sex: Int, CaseIterable, Hashable, Sendable, Comparable, CustomStringConvertible {
  case total = 0, male = 1, female = 2

  /// The Japanese label: 総数, 男, 女.
  public var label: String {
    switch self {
    case .total: "総数"
    case .male: "男"
    case .female: "女"
    }
  }

  /// The English word used on the command line: total, male, female.
  public var word: String {
    switch self {
    case .total: "total"
    case .male: "male"
    case .female: "female"
    }
  }

  public var description: String { word }
  public static func < (a: Sex, b: Sex) -> Bool { a.rawValue < b.rawValue }
}

/// Who a figure counts (DESIGN §2): 移動者 (foreigners included, e-Stat 60000), 日本人 (61000), 外国人 (62000).
/// Every stored figure carries its scope; two scopes never mix silently.
public enum PopulationScope: String, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  case all, japanese, foreign

  /// The e-Stat nationality code.
  public var eStatCode: String {
    switch self {
    case .all: "60000"
    case .japanese: "61000"
    case .foreign: "62000"
    }
  }

  /// The Japanese label: 移動者, 日本人移動者, 外国人移動者.
  public var label: String {
    switch self {
    case .all: "移動者"
    case .japanese: "日本人移動者"
    case .foreign: "外国人移動者"
    }
  }

  public init?(eStatCode: String) {
    guard let s = PopulationScope.allCases.first(where: { $0.eStatCode == eStatCode }) else { return nil }
    self = s
  }

  public var description: String { rawValue }
}
