import IdouAnalysis
import IdouCore
import IdouIngest
import Testing
import _TestSupport

/// The shipped region presets (datasets/regions) and the rows of a set with its total.
@Suite("Region presets: 21大都市 and 地方区分")
struct RegionRowsTests {
  static func code(_ s: String) -> AreaCode { AreaCode(s)! }

  /// The rows of a set on one cube, as `summary --regions` makes them from flows.
  static func rows(_ cube: MigrationCube, _ full: RegionSet, _ year: Int) throws -> RegionRows {
    let set = full.inForce(year: year)
    return try RegionRows(groups: try cube.margins(regions: set), set: set, data: try cube.margins(), year: year)
  }

  @Test("21-cities: 特別区部 and the 政令市 of each year, as the catalog's designation days give them; the total 21大都市計 (20大都市計 until 2011)")
  func twentyOneCities() throws {
    let set = try RegionSet.named("21-cities")
    #expect(set.groups.count == 21)
    #expect(set.total?.code == .twentyOneCities)
    for year in 1990...2025 {
      let inForce = set.inForce(year: year)
      let members = inForce.groups.flatMap(\.members).sorted()
      #expect(members == AreaCatalog.standard.cityGroupMembers(year: year), "\(year)")
      #expect(inForce.groups.allSatisfy { $0.members.count == 1 })
    }
    #expect(set.inForce(year: 2011).groups.count == 20)
    #expect(!set.inForce(year: 2011).groups.contains { $0.name == "熊本市" })
    #expect(set.inForce(year: 2011).total?.code == .twentyCities)
    #expect(set.inForce(year: 2012).groups.count == 21)
    #expect(set.inForce(year: 2012).total?.name == "21大都市計")
  }

  @Test("blocks-9 and blocks-10: every prefecture in exactly one block; the 2025 nets of the blocks sum to 0")
  func blocks() throws {
    let cube = try AnyInput.read(path: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv").cube
    for (name, count) in [("blocks-9", 9), ("blocks-10", 10)] {
      let set = try RegionSet.named(name)
      #expect(set.groups.count == count)
      for p in 1...47 {
        let area = Area(Prefecture(code: p)!)
        #expect(set.groups.filter { $0.contains(area) }.count == 1, "\(name): prefecture \(p)")
      }
      let r = try Self.rows(cube, set, 2025)
      #expect(r.rows.count == count && r.total == nil)
      #expect(r.rows.reduce(0) { $0 + $1.net! } == 0)  // domestic moves: Σ net = 0
      #expect(r.rows.reduce(0) { $0 + $1.in! } < cube.total())  // moves inside a block are not its 転入
    }
    let kanto = try #require(try RegionSet.named("blocks-10").groups.first { $0.name == "関東" })
    #expect(kanto.members.count == 9 && kanto.contains(Area(Prefecture(code: 19)!)) && kanto.contains(Area(Prefecture(code: 20)!)))
  }

  /// Per-area totals as e-Stat's table 1 gives city rows (転入 from 不詳, 転出 to 不詳), 2025, with its 21大都市計.
  static func table1Like(cities: [(String, Int32, Int32)], total: (Int32, Int32)?) -> MigrationCube {
    var areas = cities.map { Area(code: code($0.0)) } + [Area.unknown]
    if total != nil { areas.append(Area(code: .twentyOneCities)) }
    var cube = MigrationCube(periods: [Period(year: 2025)], areas: areas, sexes: [.total])
    let u = cities.count
    for (i, c) in cities.enumerated() {
      cube[0, 0, u, i] = c.1
      cube[0, 0, i, u] = c.2
    }
    if let (i, o) = total {
      cube[0, 0, u, u + 1] = i
      cube[0, 0, u + 1, u] = o
    }
    return cube
  }

  @Test("the rows and the total of table-1-like city rows: 熊本市 24,263 / 24,599 / ▲336; the total checked against the data's")
  func totalChecked() throws {
    // 2025 移動者 of e-Stat table 1 (estat-annual-table1-2010-2025.csv): 熊本市, 福岡市, 北九州市.
    let cities = [("40100", Int32(24_130), Int32(26_168)), ("40130", 74_239, 66_064), ("43100", 24_263, 24_599)]
    let set = RegionSet(
      id: "kyushu-cities", name: "九州の政令市",
      groups: cities.map { RegionSet.Group(area: Area(code: Self.code($0.0)), members: [Self.code($0.0)]) },
      total: Area(code: .twentyOneCities))
    let agree = try Self.rows(Self.table1Like(cities: cities, total: (122_632, 116_831)), set, 2025)
    #expect(agree.rows.map(\.name) == ["北九州市", "福岡市", "熊本市", "21大都市計"])
    let kumamoto = try #require(agree.rows.first { $0.name == "熊本市" })
    #expect(kumamoto.in == 24_263 && kumamoto.out == 24_599 && kumamoto.net == -336)
    #expect(agree.total?.in == 24_130 + 74_239 + 24_263 && agree.total?.out == 26_168 + 66_064 + 24_599)
    #expect(agree.totalAgrees == true)
    let disagree = try Self.rows(Self.table1Like(cities: cities, total: (122_633, 116_831)), set, 2025)
    #expect(disagree.totalAgrees == false)
    let none = try Self.rows(Self.table1Like(cities: cities, total: nil), set, 2025)
    #expect(none.totalAgrees == nil && none.total != nil)
  }

  @Test("a city of the set the data lacks is an error, never a row of zeros")
  func missingCity() throws {
    let cube = Self.table1Like(cities: [("43100", 1, 2)], total: nil)
    // 熊本市 is there, the other 20 are not: their rows are absent (—), and so is the total that needs them.
    let some = try Self.rows(cube, try RegionSet.named("21-cities"), 2025)
    #expect(some.rows.filter { $0.in == nil && $0.out == nil }.count == 21)  // 20 cities and the total
    #expect(some.rows.first { $0.name == "熊本市" }?.in == 1)
    #expect(some.total?.in == nil)
    // None of them there: an error, never rows of zeros.
    let prefectures = try AnyInput.read(path: repositoryRoot + "/datasets/real/jp-prefecture-migration-2025.csv").cube
    #expect(throws: CubeError.self) { try Self.rows(prefectures, try RegionSet.named("21-cities"), 2025) }
  }

  @Test("on municipal records the wards make up their city: moves between wards of 横浜市 are not its 転入")
  func wardsMakeTheirCity() throws {
    // 14101 西区 and 14102 神奈川区 are wards of 横浜市 14100; 13101 千代田区 is in 特別区部 13100.
    let areas = ["14101", "14102", "13101"].map { Area(code: Self.code($0)) }
    var cube = MigrationCube(periods: [Period(year: 2025)], areas: areas, sexes: [.total])
    cube[0, 0, 0, 1] = 50  // 西区 → 神奈川区: inside 横浜市
    cube[0, 0, 2, 0] = 7  // 千代田区 → 西区
    cube[0, 0, 1, 2] = 3  // 神奈川区 → 千代田区
    let set = try RegionSet.named("21-cities")
    let sub = RegionSet(id: set.id, name: set.name, groups: set.groups.filter { ["14100", "13100"].contains($0.area.codeText) },
                        total: set.total)
    let r = try Self.rows(cube, sub, 2025)
    let yokohama = try #require(r.rows.first { $0.name == "横浜市" })
    let wards = try #require(r.rows.first { $0.name == "東京都特別区部" })
    #expect(yokohama.in == 7 && yokohama.out == 3)
    #expect(wards.in == 3 && wards.out == 7)
    #expect(r.total?.in == 10 && r.total?.out == 10)
  }
}

@Suite("Region-set files: from and total")
struct RegionSetFileTests {
  @Test("a member's from year or date, and a total code; a bad from is an error at its column")
  func fromAndTotal() throws {
    let text = "# total: 00416\narea,group,group_name,from\n13100,13100,特別区部,\n43100,43100,熊本市,2012-04-01\n40130,40130,福岡市,1972\n"
    let set = try RegionSet(parsing: text, id: "c", file: "c.csv")
    #expect(set.total?.name == "21大都市計")
    #expect(set.inForce(year: 2011).groups.map(\.name) == ["特別区部", "福岡市"])
    #expect(set.inForce(year: 2012).groups.map(\.name) == ["特別区部", "熊本市", "福岡市"])
    #expect(throws: DataError(file: "c.csv", line: 2, column: 4,
                              reason: "expected the year or date (YYYY or YYYY-MM-DD) from which the member counts, found '2012-13-01'")) {
      try RegionSet(parsing: "area,group,group_name,from\n43100,43100,熊本市,2012-13-01\n", id: "c", file: "c.csv")
    }
    #expect(throws: DataError.self) { try RegionSet(parsing: "# total: 99999\n40,x,y\n", id: "c", file: "c.csv") }
  }
}
