import IdouCore
import IdouProjection

/// Which method to trust, measured on the real series (docs/ARCHITECTURE.md §6): a rolling-origin backtest of
/// every method, and of the mean of every pair of methods and of all five, for every series (all 47
/// prefectures) and every M = 1…11. Each year Y is projected from its months 1…M exactly as it would have been
/// in month M of Y, and compared with its actual total.
///
/// The candidate is **chosen on one window of years and scored on another**, never tuned on the years it is
/// scored on: the winner is the candidate with the smallest MAE of the net, averaged over M = 1…11, on the
/// selection years; the table then reports every candidate on the evaluation years.
///
/// A combination projects the net as the mean of its methods' unrounded projected nets (転入 and 転出 each
/// projected by each method), rounded once. A method needing k years of history scores only the years it can
/// project; the selection compares candidates on the years all of them can project, so that none is favoured
/// by easier years.
public struct MethodStudy: Sendable {
  /// One method, or the mean of several.
  public struct Candidate: Sendable, Hashable, CustomStringConvertible {
    public var methods: [ProjectionMethod]
    public init(_ methods: [ProjectionMethod]) { self.methods = methods }
    /// `same-period-ratio`, or `seasonal-naive+average-ratio` for a mean.
    public var description: String { methods.map(\.rawValue).joined(separator: "+") }
    /// 同期比率法, or 季節ナイーブ法と複数年平均比率法の平均.
    public var label: String {
      methods.count == 1 ? methods[0].label
        : methods.count == 5 ? "5つの方法の平均"
        : methods.map(\.label).joined(separator: "と") + "の平均"
    }
  }

  /// MAE of the net (persons) of one candidate at one M over a window, and how many errors it averages.
  public struct Score: Sendable, Equatable {
    public var mae: Double
    public var count: Int
  }

  public var candidates: [Candidate]
  public var selection: ClosedRange<Int>
  public var evaluation: ClosedRange<Int>
  /// The years every candidate can project in the selection window (the ones the selection uses).
  public var selectionYears: [Int]
  /// `selectionScores[c][m − 1]` and `evaluationScores[c][m − 1]`.
  public var selectionScores: [[Score]]
  public var evaluationScores: [[Score]]
  /// The candidate with the smallest mean selection MAE over M = 1…11.
  public var winner: Candidate
  public var history: Int

  /// The candidates: each method, the mean of each pair, and the mean of all five.
  public static let allCandidates: [Candidate] = {
    let m = ProjectionMethod.allCases.filter { $0 != .shareNaiveMean }
    var out = m.map { Candidate([$0]) }
    for i in m.indices { for j in (i + 1)..<m.count { out.append(Candidate([m[i], m[j]])) } }
    out.append(Candidate(m))
    return out
  }()

  /// - Parameters:
  ///   - panel: the series (47 prefectures' totals).
  ///   - selection: the years the winner is chosen on (2015…2020).
  ///   - evaluation: the years every candidate is scored on (2021…2025).
  ///   - history: k for the methods that use several years.
  public init(panel: MonthlyPanel, selection: ClosedRange<Int>, evaluation: ClosedRange<Int>, history: Int = 3,
              candidates: [Candidate] = MethodStudy.allCandidates) {
    let n = panel.keys.count
    // exact[method][m − 1][year] = per-lane unrounded projected net, for the years the method can project.
    var exact: [ProjectionMethod: [[Int: [Double]]]] = [:]
    for method in Set(candidates.flatMap(\.methods)) {
      exact[method] = (1...11).map { m in
        var byYear: [Int: [Double]] = [:]
        for y in panel.years where panel.hasTotal(year: y) {
          guard let p = try? Projection(panel: panel, year: y, through: m, method: method, history: history) else { continue }
          let i = SeriesKernels.map(p.inflow.toDate, p.inflow.exactRemainder, +)
          let o = SeriesKernels.map(p.outflow.toDate, p.outflow.exactRemainder, +)
          byYear[y] = SeriesKernels.map(i, o, -)
        }
        return byYear
      }
    }
    let actual = Dictionary(uniqueKeysWithValues: panel.years.filter { panel.hasTotal(year: $0) }.map { y in
      (y, SeriesKernels.map(panel.total(.in, year: y), panel.total(.out, year: y), -))
    })
    func years(_ c: Candidate, _ m: Int, _ window: ClosedRange<Int>) -> [Int] {
      window.filter { y in actual[y] != nil && c.methods.allSatisfy { exact[$0]![m - 1][y] != nil } }
    }
    func score(_ c: Candidate, _ m: Int, _ ys: [Int]) -> Score {
      var sum = 0.0, count = 0
      for y in ys {
        let nets = c.methods.map { exact[$0]![m - 1][y]! }
        for s in 0..<n {
          let mean = nets.reduce(0) { $0 + $1[s] } / Double(nets.count)
          sum += abs(mean.rounded(.toNearestOrAwayFromZero) - actual[y]![s])
          count += 1
        }
      }
      return Score(mae: count == 0 ? .nan : sum / Double(count), count: count)
    }
    // The selection years: those every candidate can project at every M.
    let common = selection.filter { y in
      candidates.allSatisfy { c in (1...11).allSatisfy { m in years(c, m, y...y).count == 1 } }
    }
    selectionScores = candidates.map { c in (1...11).map { m in score(c, m, common) } }
    evaluationScores = candidates.map { c in (1...11).map { m in score(c, m, years(c, m, evaluation)) } }
    let means = selectionScores.map { s in s.map(\.mae).reduce(0, +) / Double(s.count) }
    winner = candidates[means.indices.min { means[$0] < means[$1] }!]
    self.candidates = candidates
    self.selection = selection
    self.evaluation = evaluation
    self.selectionYears = common
    self.history = history
  }

  /// The mean over M = 1…11 of a candidate's MAE in one window.
  public func meanMAE(_ c: Candidate, evaluation: Bool) -> Double {
    let s = (evaluation ? evaluationScores : selectionScores)[candidates.firstIndex(of: c)!]
    return s.map(\.mae).reduce(0, +) / Double(s.count)
  }

  /// A candidate's score at M.
  public func score(_ c: Candidate, through m: Int, evaluation: Bool) -> Score {
    (evaluation ? evaluationScores : selectionScores)[candidates.firstIndex(of: c)!][m - 1]
  }
}
