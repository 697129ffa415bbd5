import Testing

@testable import IdouCore

@Suite("Tidy rows of a cube")
struct TidyRowsTests {
  static let kumamoto = Area(Prefecture(code: 43)!), tokyo = Area(Prefecture(code: 13)!)

  @Test("Non-zero stored cells only, in canonical order; a derived 総数 is not repeated")
  func rows() {
    // Areas deliberately out of canonical order (不詳 first): the rows come out in listing order.
    var cube = MigrationCube(periods: [Period(year: 2024, month: 1)!, Period(year: 2024, month: 2)!],
                             areas: [.unknown, Self.kumamoto, Self.tokyo], sexes: [.female, .male])
    cube[1, cube.sexIndex(.male)!, 1, 2] = 5  // 2024-02 男 熊本 → 東京
    cube[0, cube.sexIndex(.female)!, 0, 1] = 7  // 2024-01 女 不詳 → 熊本
    cube[0, cube.sexIndex(.male)!, 2, 1] = 3  // 2024-01 男 東京 → 熊本
    let rows = cube.tidyRows().map { "\($0.period),\($0.scope),\($0.from.codeText),\($0.to.codeText),\($0.sex.rawValue),\($0.count.map(String.init) ?? "-")" }
    #expect(rows == ["2024-01,all,13,43,1,3", "2024-01,all,99300,43,2,7", "2024-02,all,43,13,1,5"])
  }

  @Test("An empty cube has no rows")
  func empty() {
    #expect(MigrationCube(periods: [Period(year: 2024)], areas: [Self.kumamoto], sexes: [.total]).tidyRows().isEmpty)
  }
}
