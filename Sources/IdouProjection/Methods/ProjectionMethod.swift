import IdouCore

/// A way to project a calendar year's 転入 or 転出 from its first M months (DESIGN §5). Every method projects the
/// remaining months M+1…12 of one series; net (転入超過) is the difference of the projected 転入 and 転出.
///
/// With YTD(y) = Σ_{m=1..M} x(y, m), REM(y) = Σ_{m=M+1..12} x(y, m), TOT(y) = YTD(y) + REM(y), year Y and
/// `k` years of history:
///
/// | method | projected remainder of Y |
/// |---|---|
/// | same-period-ratio (同期比率法) | r · REM(Y−1), r = YTD(Y) ÷ YTD(Y−1) |
/// | same-period-difference (同期差分法) | REM(Y−1) + (12 − M) · d, d = (YTD(Y) − YTD(Y−1)) ÷ M |
/// | seasonal-share (季節シェア法) | YTD(Y) ÷ s − YTD(Y), s = mean over j=1…k of YTD(Y−j) ÷ TOT(Y−j) |
/// | average-ratio (複数年平均比率法) | r̄ · mean REM(Y−j), r̄ = YTD(Y) ÷ mean YTD(Y−j), j = 1…k |
/// | seasonal-naive (季節ナイーブ法) | REM(Y−1): the rest of the year as last year |
/// | share-naive-mean (季節シェア・ナイーブ平均) | the mean of the seasonal-share and seasonal-naive remainders |
///
/// The same-period difference is the additive twin of the ratio: each remaining month is last year's month plus
/// the mean monthly change of Jan–M, so annual = TOT(Y−1) + 12 ÷ M · (YTD(Y) − YTD(Y−1)). (Adding the Jan–M change
/// once to last year's total would give YTD(Y) + REM(Y−1), which is exactly the seasonal naive method.)
///
/// average-ratio and seasonal-share with k = 1 are both the same-period ratio; with k > 1 they smooth one unusual
/// year (average-ratio by a ratio of k-year means, seasonal-share by the mean of k shares).
///
/// share-naive-mean is the winner of the rolling-origin study on the 47 prefectures (``MethodStudy`` in
/// IdouAnalysis; README "Which method to trust"): chosen on 2015–2020 among the five methods and the means of
/// their pairs and of all five, it has the smallest MAE of the net on 2021–2025 at every M. Early in the year the
/// ratio of a few months is noisy and last year's remainder (naive) is steadier; later the ratio carries the
/// year's trend; their mean keeps both. The default stays the seed's same-period ratio.
public enum ProjectionMethod: String, CaseIterable, Sendable, CustomStringConvertible {
  case samePeriodRatio = "same-period-ratio"
  case samePeriodDifference = "same-period-difference"
  case seasonalShare = "seasonal-share"
  case averageRatio = "average-ratio"
  case seasonalNaive = "seasonal-naive"
  case shareNaiveMean = "share-naive-mean"

  /// The Japanese name: 同期比率法, 同期差分法, 季節シェア法, 複数年平均比率法, 季節ナイーブ法.
  public var label: String {
    switch self {
    case .samePeriodRatio: "同期比率法"
    case .samePeriodDifference: "同期差分法"
    case .seasonalShare: "季節シェア法"
    case .averageRatio: "複数年平均比率法"
    case .seasonalNaive: "季節ナイーブ法"
    case .shareNaiveMean: "季節シェア法と季節ナイーブ法の平均"
    }
  }

  /// Whether the method has a ratio to report (`ratio` in the output).
  public var hasRatio: Bool { self == .samePeriodRatio || self == .averageRatio }

  /// Whether the method uses `k` years of history rather than last year only.
  public var usesHistory: Bool { self == .seasonalShare || self == .averageRatio || self == .shareNaiveMean }

  /// How many complete years before the projected one the method needs.
  public func yearsNeeded(history k: Int) -> Int { usesHistory ? k : 1 }

  /// The projected remainder as a formula, for footnotes.
  public var formula: String {
    switch self {
    case .samePeriodRatio: "remainder = r × last year's months M+1…12, r = Jan–M this year ÷ Jan–M last year"
    case .samePeriodDifference: "month m = last year's month m + mean monthly change of Jan–M over last year"
    case .seasonalShare: "annual = Jan–M this year ÷ mean share of Jan–M in the last k years' totals"
    case .averageRatio: "remainder = r × mean of months M+1…12 over k years, r = Jan–M this year ÷ their mean Jan–M"
    case .seasonalNaive: "remainder = last year's months M+1…12"
    case .shareNaiveMean: "remainder = the mean of the seasonal-share and seasonal-naive remainders"
    }
  }

  public var description: String { rawValue }
}

/// Why a projection or a backtest cannot be made. Each names the series, months or years concerned.
public enum ProjectionError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Data through a month outside 1…11.
  case throughOutOfRange(Int)
  /// `k` outside 1…50.
  case historyOutOfRange(Int)
  /// A year outside 1100…9999.
  case yearOutOfRange(Int)
  /// Months the method needs that the data does not have.
  case missingMonths([Period], method: ProjectionMethod, needs: String)
  /// A method's denominator is zero for a series (a ratio or share cannot be formed).
  case zeroDenominator(series: String, what: String)
  /// A projected figure beyond any count of people (a near-zero denominator).
  case outOfRange(series: String, value: Double)
  /// A series the backtest cannot score, and why.
  case notScored(series: String, reason: String)
  /// A series the projection does not hold.
  case noSuchSeries(String)
  /// A reconciled view whose parts do not add up to the total in the data (overlapping or incomplete groups).
  case partsDoNotAddUp(String)
  /// No past year has complete data (and the history a method needs).
  case noBacktestYears(String)

  public var description: String {
    switch self {
    case .throughOutOfRange(let m): "data through month \(m): a projection needs 1…11 (12 is the whole year)"
    case .historyOutOfRange(let k): "history of \(k) years: give 1…50"
    case .yearOutOfRange(let y): "year \(y) is not a calendar year idou handles (1100…9999)"
    case .missingMonths(let periods, let method, let needs):
      "no data for \(Self.list(periods)): \(method) needs \(needs)"
    case .zeroDenominator(let series, let what): "cannot project \(series): \(what) is 0"
    case .outOfRange(let series, let value): "cannot project \(series): the projection \(value) is beyond any count of persons"
    case .notScored(let series, let reason): "cannot backtest \(series): \(reason)"
    case .noSuchSeries(let s): "no series \(s) in the data"
    case .partsDoNotAddUp(let why): "the parts do not add up to the total: \(why)"
    case .noBacktestYears(let why): "no year to backtest: \(why)"
    }
  }

  static func list(_ periods: [Period]) -> String {
    periods.count <= 4 ? periods.map(\.description).joined(separator: ", ")
      : periods.prefix(3).map(\.description).joined(separator: ", ") + " and \(periods.count - 3) more months"
  }
}
