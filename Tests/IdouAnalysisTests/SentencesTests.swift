import IdouCore
import Testing

@testable import IdouAnalysis

@Suite("The report's sentences, from the figures, on real cases")
struct SentencesTests {
  @Test("the seed: 転入 29,317 < 29,700 and 転出 30,964 < 31,242; 社会減 ▲1,542 → ▲1,648 (+6.9 %: 若干)")
  func seedOutlook() {
    #expect(Sentences.outlook(year: 2025, through: 9, projectedIn: 29_317, projectedOut: 30_964, projectedNet: -1_648,
                              lastIn: 29_700, lastOut: 31_242, era: true)
      == "R7年は、1～9月までの転出入者数から推計。転入、転出ともに減るが、社会減は若干拡大する見込み。")
  }

  @Test("the outlook's other branches: 横ばい, opposite moves, a change of sign, 前年並み, 大きく")
  func outlookRules() {
    // 転入 +0.4 % is 横ばい; 転出 −5 %.
    #expect(Sentences.outlook(year: 2026, through: 1, projectedIn: 10_040, projectedOut: 9_500, projectedNet: 540,
                              lastIn: 10_000, lastOut: 10_000, era: false)
      == "2026年は、1月までの転出入者数から推計。転入は横ばい、転出は減り、社会増に転じる見込み。")
    #expect(Sentences.netChange(now: -1_010, before: -1_000) == "社会減は前年並みとなる")
    #expect(Sentences.netChange(now: -1_100, before: -1_000) == "社会減は拡大する")
    #expect(Sentences.netChange(now: 1_600, before: 1_000) == "社会増は大きく拡大する")
    #expect(Sentences.netChange(now: 900, before: 1_000) == "社会増は縮小する")
    #expect(Sentences.outlook(year: 2025, through: 9, projectedIn: 11_000, projectedOut: 9_000, projectedNet: 2_000,
                              lastIn: 10_000, lastOut: 10_000, era: true)
      == "R7年は、1～9月までの転出入者数から推計。転入は増え、転出は減るため、社会増に転じる見込み。")
  }

  @Test("熊本県 2025 projected ▲1,648: 転出超過 every year since the data begins (H26), the largest since R3")
  func kumamotoSeries() {
    let history = RawMonthly.yearlyNet(43).filter { $0.year < 2025 }
    let projected = Sentences.YearNet(year: 2025, net: -1_648)
    #expect(Sentences.streak(history: history, projected: projected, era: true) == "転出超過はH26年以降12年連続となる見込み")
    // ▲3,393 in 2020, then ▲650, ▲377, ▲1,624, ▲1,542 and ▲1,648.
    #expect(Sentences.largest(history: history, projected: projected, era: true) == "社会減はR3年以降で最大となる見込み")
  }

  @Test("real streaks and returns: 愛知県 2025, 大阪府 2025 and 2024, 宮城県 2022, 滋賀県 2025")
  func otherPrefectures() {
    func s(_ pref: Int, _ year: Int) -> (String?, String?) {
      let all = RawMonthly.yearlyNet(pref)
      let now = all.first { $0.year == year }!
      return (Sentences.streak(history: all, projected: now, era: false, estimate: false),
              Sentences.largest(history: all, projected: now, era: false, estimate: false))
    }
    // 愛知県: 転入超過 2014–2018, 転出超過 2019–2025.
    #expect(s(23, 2025).0 == "7年連続の転出超過")
    // 大阪府: 転出超過 in 2014, 転入超過 2015–2025; 2024 (+16,848) the largest in the data.
    #expect(s(27, 2025).0 == "11年連続の転入超過")
    #expect(s(27, 2024).1 == "社会増は2014年以降で最大")
    // 宮城県: 転入超過 2014–2015, 転出超過 2016–2021, 転入超過 2022.
    #expect(s(4, 2022).0 == "7年ぶりの転入超過")
    // 滋賀県: 2023 +12, 2024 ▲320, 2025 +353.
    #expect(s(25, 2025).0 == "2年ぶりの転入超過")
  }

  @Test("熊本県 by sex (table 1): women's net below men's every year 2015–2025, not in 2014")
  func kumamotoBySex() {
    let (male, female) = RawTable1.netBySex("43000")
    #expect(male.map(\.year) == Array(2014...2025))
    #expect(Sentences.sexGap(male: male, female: female, era: true) == "H27年以降、女性の方が社会減が大きい状況が続いている")
    // Up to 2014 alone there is no run.
    #expect(Sentences.sexGap(male: male.filter { $0.year <= 2014 }, female: female.filter { $0.year <= 2014 }, era: true) == nil)
  }
}
