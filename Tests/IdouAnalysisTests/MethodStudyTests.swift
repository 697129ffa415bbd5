import IdouCore
import IdouProjection
import Testing

@testable import IdouAnalysis

@Suite("Which method to trust: the rolling-origin study on the 47 prefectures")
struct MethodStudyTests {
  static let panel: MonthlyPanel = try! RawMonthly.data().totals()
  /// The five methods of the seed's era (the study's candidates: each, each pair's mean, all five's mean).
  static let study = MethodStudy(panel: panel, selection: 2015...2020, evaluation: 2021...2025,
                                 candidates: MethodStudy.allCandidates)

  /// The seasonal-naive and same-period-ratio nets by hand: annual = Jan–M + (r ×) last year's months M+1…12.
  static func handMAE(_ m: Int, years: ClosedRange<Int>, ratio: Bool) -> Double {
    var sum = 0, count = 0
    for pref in 1...47 {
      for y in years {
        let now = RawMonthly.sum(pref, y, 1...m), before = RawMonthly.sum(pref, y - 1, 1...m)
        let rest = RawMonthly.sum(pref, y - 1, (m + 1)...12), actual = RawMonthly.sum(pref, y, 1...12)
        let rIn = ratio ? Double(now.in) / Double(before.in) : 1, rOut = ratio ? Double(now.out) / Double(before.out) : 1
        let net = (Double(now.in) + rIn * Double(rest.in)) - (Double(now.out) + rOut * Double(rest.out))
        sum += abs(Int(net.rounded()) - (actual.in - actual.out))
        count += 1
      }
    }
    return Double(sum) / Double(count)
  }

  @Test("the MAE of the net equals a hand computation (same-period ratio and seasonal naive, M = 9 and 3)")
  func handComputed() {
    let s = Self.study
    for m in [3, 9] {
      let spr = s.score(.init([.samePeriodRatio]), through: m, evaluation: true)
      let naive = s.score(.init([.seasonalNaive]), through: m, evaluation: true)
      #expect(spr.count == 47 * 5 && naive.count == 47 * 5)
      #expect(abs(spr.mae - Self.handMAE(m, years: 2021...2025, ratio: true)) < 1e-9)
      #expect(abs(naive.mae - Self.handMAE(m, years: 2021...2025, ratio: false)) < 1e-9)
    }
    // The selection compares every candidate on the years all can project: 3 years of history from 2014 → 2017.
    #expect(s.selectionYears == Array(2017...2020))
  }

  @Test("the offered method share-naive-mean projects exactly the study's winner (mean of the two nets)")
  func offeredMethod() throws {
    let s = Self.study
    for m in [2, 9] {
      let offered = MethodStudy(panel: Self.panel, selection: 2015...2020, evaluation: 2021...2025,
                                candidates: [.init([.shareNaiveMean])])
      let a = offered.score(.init([.shareNaiveMean]), through: m, evaluation: true).mae
      let b = s.score(s.winner, through: m, evaluation: true).mae
      #expect(abs(a - b) < 0.05, "M = \(m)")
    }
  }

  @Test("the winner is chosen on 2015–2020 only, and beats the seed's method on 2021–2025 at every M")
  func winner() {
    let s = Self.study
    #expect(s.winner == .init([.seasonalShare, .seasonalNaive]))
    #expect(s.candidates.count == 5 + 10 + 1)
    for m in 1...11 {
      #expect(s.score(s.winner, through: m, evaluation: true).mae < s.score(.init([.samePeriodRatio]), through: m, evaluation: true).mae)
    }
  }
}
