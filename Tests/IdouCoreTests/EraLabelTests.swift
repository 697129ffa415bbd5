import IdouCore
import Testing

/// Era year labels: the seed's short form and the long form of official documents.
@Suite("Era labels")
struct EraLabelTests {
  @Test("short form as the seed writes it: R7年, H26年, R1年")
  func short() {
    #expect(Era.label(for: 2025) == "R7年")
    #expect(Era.label(for: 2014) == "H26年")
    #expect(Era.label(for: 2019) == "R1年")
    #expect(YearStyle.era.label(1989) == "H1年")
  }

  @Test("long form: 令和7年, 令和元年, 平成元年, 平成30年")
  func long() {
    #expect(YearStyle.eraLong.label(2025) == "令和7年")
    #expect(YearStyle.eraLong.label(2019) == "令和元年")
    #expect(YearStyle.eraLong.label(2018) == "平成30年")
    #expect(YearStyle.eraLong.label(1989) == "平成元年")
    #expect(YearStyle.gregorian.label(2025) == "2025年")
  }

  @Test("months take the era in force at their end: 平成31年4月, 令和元年5月, 平成元年1月")
  func months() {
    #expect(Era.label(year: 2019, month: 4, style: .eraLong) == "平成31年4月")
    #expect(Era.label(year: 2019, month: 5, style: .eraLong) == "令和元年5月")
    #expect(Era.label(year: 2019, month: 4, style: .era) == "H31年4月")
    #expect(Era.label(year: 1989, month: 1, style: .eraLong) == "平成元年1月")
    #expect(Era.label(year: 2025, month: 9, style: .gregorian) == "2025年9月")
  }

  @Test("every long label parses back to its year")
  func roundTrip() {
    for y in 1990...2040 {
      #expect(Era.year(parsing: YearStyle.eraLong.label(y)) == y)
      #expect(Era.year(parsing: YearStyle.era.label(y)) == y)
    }
  }
}
