import IdouCore
import Testing

@testable import IdouReport

@Suite("The tidy table idou tidy prints")
struct TidyTableTests {
  static let rows = [
    TidyRow(period: Period(year: 2024, month: 3)!, scope: .japanese, from: Area(Prefecture(code: 43)!),
            to: Area(Prefecture(code: 13)!), sex: .male, count: 1_234),
    TidyRow(period: Period(year: 2025), scope: .all, from: .unknown, to: Area(Prefecture(code: 43)!), sex: .total,
            count: 28_923),
  ]

  @Test("CSV: the header exactly period,scope,from,to,sex,count; counts without separators")
  func csv() {
    #expect(Table.tidy(Self.rows).render(.csv) == """
      period,scope,from,to,sex,count
      2024-03,japanese,43,13,1,1234
      2025,all,99300,43,0,28923

      """)
  }

  @Test("JSON: codes and periods as strings, sex and count as numbers")
  func json() {
    #expect(Table.tidy(Self.rows).render(.json) == """
      [
        {"period": "2024-03", "scope": "japanese", "from": "43", "to": "13", "sex": 1, "count": 1234},
        {"period": "2025", "scope": "all", "from": "99300", "to": "43", "sex": 0, "count": 28923}
      ]

      """)
  }
}
