import Testing

@testable import IdouCore

/// The typed areas, the hierarchy and the one lookup (docs/ARCHITECTURE.md §2). Expected values are read off the
/// source files (`datasets/codes/area-codes-2025-03.tsv`, the code-change events) and the published tables, not
/// from running idou.
@Suite("Areas: codes, levels, hierarchy, lookup")
struct AreaTests {
  let catalog = AreaCatalog.standard
  func code(_ s: String) -> AreaCode { AreaCode(s)! }
  func resolve(_ s: String) throws -> Area { try catalog.resolve(s) }

  @Test("the embedded files are in the binary and whole")
  func embedded() {
    #expect(EmbeddedData.names.contains("codes/area-codes-2025-03.tsv"))
    // 226,311 bytes, 2,428 lines (header + 2,427 codes), as in ../shared/data/codes.
    #expect(EmbeddedData.buffer("codes/area-codes-2025-03.tsv")?.count == 226_311)
    #expect(EmbeddedData.text("codes/area-codes-2025-03.tsv")?.split(separator: "\n").count == 2_428)
    #expect(EmbeddedData.buffer("no/such-file") == nil)
  }

  @Test("every code of the TSV is in the catalog at its level; e-Stat's aggregates are added")
  func counts() {
    let byLevel = Dictionary(grouping: catalog.entries, by: \.level).mapValues(\.count)
    // TSV (README's table): 47 prefectures; 20 designated cities (types 21 and 31, one entry each); 1 特別区部;
    // 376 郡; 9 + 5 振興局 and 4 支庁; 772 + 277 + 466 + 161 + 28 cities, towns, villages; 23 + 171 wards.
    #expect(byLevel[.prefecture] == 47)
    #expect(byLevel[.designatedCity] == 20)
    #expect(byLevel[.specialWardArea] == 1)
    #expect(byLevel[.county] == 376 - 69)  // less 北海道's 69 unofficial county codes (018xx)
    #expect(byLevel[.subprefecture] == 18)
    #expect(byLevel[.municipality] == 772 + 277 + 466 + 161 + 28)
    #expect(byLevel[.ward] == 23 + 171)
    #expect(byLevel[.cityPart] == 47 && byLevel[.countyPart] == 47)
    #expect(byLevel[.metropolitanArea] == 3 && byLevel[.cityGroup] == 2)
    #expect(catalog.entry(code("13200")) == nil)  // the TSV's own 市部 row is not e-Stat's
    #expect(catalog.entry(code("01802")) == nil)  // the TSV's unofficial 北海道 county codes are not used
  }

  @Test("levels and names of e-Stat's codes")
  func levels() {
    let cases: [(String, AreaLevel, String)] = [
      ("00000", .nation, "全国"), ("43000", .prefecture, "熊本県"), ("43100", .designatedCity, "熊本市"),
      ("43101", .ward, "中央区"), ("43202", .municipality, "八代市"), ("51000", .metropolitanArea, "東京圏"),
      ("00416", .cityGroup, "21大都市計"), ("00415", .cityGroup, "20大都市計"), ("13100", .specialWardArea, "東京都特別区部"),
      ("13101", .ward, "千代田区"), ("43001", .cityPart, "市部"), ("43002", .countyPart, "郡部"),
      ("47300", .county, "国頭郡"), ("47301", .municipality, "国頭村"), ("01330", .subprefecture, "渡島総合振興局"),
      ("99300", .unknown, "移動前の住所地不詳"), ("00999", .allOrigins, "総数"),
    ]
    for (c, level, name) in cases {
      let a = catalog.area(code(c))
      #expect(a.level == level, "\(c)")
      #expect(a.name == name, "\(c)")
    }
    // A code the catalog does not know (那珂川町 40305, a town until 2018) is kept as a municipality.
    #expect(catalog.area(code("40305")).level == .municipality)
    #expect(catalog.area(code("40305")).name == "40305")
    #expect(!catalog.contains(code("40305")))
  }

  @Test("the hierarchy: parents up to 全国, children down to the villages")
  func hierarchy() {
    // 国頭村 ⊂ 国頭郡 ⊂ 沖縄県郡部 ⊂ 沖縄県 ⊂ 全国 (TSV: 47301's psub is 47300).
    #expect(catalog.ancestors(of: code("47301")) == [code("47300"), code("47002"), code("47000"), code("00000")])
    // 中央区 ⊂ 熊本市 ⊂ 熊本県市部 ⊂ 熊本県; 熊本市 ∈ 21大都市計 from 2012.
    #expect(catalog.ancestors(of: code("43101")) == [code("43100"), code("43001"), code("43000"), code("00000")])
    #expect(catalog.ancestors(of: code("43100"), year: 2025).last == code("00416"))
    #expect(!catalog.ancestors(of: code("43100"), year: 2011).contains(code("00415")))
    #expect(catalog.ancestors(of: code("13000")) == [code("00000"), code("51000")])
    // 国頭郡: 国頭村, 大宜味村, 東村, 今帰仁村, 本部町, 恩納村, 宜野座村, 金武町, 伊江村 (TSV lines 47301–47315).
    #expect(catalog.children(of: code("47300")).map(\.description)
      == ["47301", "47302", "47303", "47306", "47308", "47311", "47313", "47314", "47315"])
    #expect(catalog.children(of: code("43000")) == [code("43001"), code("43002")])
    #expect(catalog.children(of: code("00000")).count == 47)
    #expect(catalog.children(of: code("51000")).map(\.description) == ["11000", "12000", "13000", "14000"])
    #expect(catalog.children(of: code("13100")).count == 23)
    #expect(catalog.children(of: code("43100")).count == 5)  // 中央, 東, 西, 南, 北区
    // 和歌山県: 9 cities and 21 towns and villages, the 30 municipalities of the wakayama-2024 exports.
    let wakayama = catalog.municipalUnits(of: code("30000"))
    #expect(wakayama.count == 30)
    #expect(catalog.children(of: code("30001")).count == 9)
    // 沖縄県: 11 cities, 30 towns and villages.
    #expect(catalog.municipalUnits(of: code("47000")).count == 41)
  }

  @Test("21大都市: 特別区部 and the 政令指定都市 of the year (熊本市 from 2012-04-01)")
  func cityGroups() {
    #expect(catalog.cityGroupMembers(year: 2025).count == 21)
    #expect(catalog.cityGroupMembers(year: 2012).contains(code("43100")))
    #expect(catalog.cityGroupMembers(year: 2011).count == 20)
    #expect(!catalog.cityGroupMembers(year: 2011).contains(code("43100")))
    #expect(catalog.cityGroupMembers(year: 2010).contains(code("14150")))  // 相模原市 2010-04-01
    #expect(!catalog.cityGroupMembers(year: 2009).contains(code("14150")))
    #expect(catalog.cityGroup(year: 2011) == .twentyCities)
    #expect(catalog.cityGroup(year: 2012) == .twentyOneCities)
    #expect(catalog.children(of: .twentyOneCities, year: 2025).count == 21)
    #expect(catalog.children(of: .twentyCities, year: 2010).count == 20)
    #expect(catalog.entry(code("43100"))?.designatedOn == 2012_04_01)
    #expect(catalog.entry(code("27100"))?.designatedOn == 1956_09_01)
  }

  @Test("one lookup for what users type")
  func lookup() throws {
    for text in ["43", "43000", "熊本県", "熊本", "Kumamoto", "kumamoto", "くまもとけん"] {
      #expect(try resolve(text) == Area(Prefecture(code: 43)!), "\(text)")
    }
    #expect(try resolve("431001").code == code("43100"))
    #expect(try resolve("43100") == catalog.area(code("43100")))
    #expect(try resolve("熊本市").code == code("43100"))
    #expect(try resolve("Kumamoto City").code == code("43100"))
    #expect(try resolve("南城市").code == code("47215"))
    #expect(try resolve("47215").name == "南城市")
    #expect(try resolve("なんじょうし").code == code("47215"))
    #expect(try resolve("東京圏") == .tokyoArea)
    #expect(try resolve("tokyo-area") == .tokyoArea)
    #expect(try resolve("51000") == .tokyoArea)
    #expect(try resolve("21大都市").code == .twentyOneCities)
    #expect(try resolve("21大都市計").code == .twentyOneCities)
    #expect(try resolve("1") == Area(Prefecture(code: 1)!))
    #expect(try resolve("01") == Area(Prefecture(code: 1)!))
    #expect(throws: CodeError.self) { try resolve("48") }
    #expect(try resolve("00000") == .nation)
    #expect(try resolve("全国") == .nation)
    #expect(try resolve("特別区部").code == .specialWards)
    #expect(try resolve("国頭郡").code == code("47300"))
    #expect(try resolve("三大都市圏") == Area(group: "metro-total", name: "三大都市圏"))
    // Qualified names pick one of several.
    #expect(try resolve("東京都府中市").code == code("13206"))
    #expect(try resolve("広島県府中市").code == code("34208"))
    #expect(try resolve("熊本市中央区").code == code("43101"))
    #expect(try resolve("沖縄県市部").code == code("47001"))
  }

  @Test("a long unknown name is refused after one lookup per prefix (fuzz finding: 30 NUL bytes in a code column took minutes)")
  func longUnknownName() {
    let junk = String(repeating: "\u{0}", count: 40) + "43428"
    #expect(throws: CodeError.unknownArea(junk)) { try resolve(junk) }
    #expect(throws: CodeError.self) { try resolve(String(repeating: "熊", count: 200)) }
  }

  @Test("an ambiguous name lists its candidates; an unknown one is refused")
  func ambiguous() {
    #expect(throws: CodeError.ambiguousArea("府中市", candidates: ["13206 府中市 (東京都)", "34208 府中市 (広島県)"])) {
      try resolve("府中市")
    }
    #expect(throws: CodeError.unknownArea("Atlantis")) { try resolve("Atlantis") }
    #expect(throws: CodeError.unknownArea("48")) { try resolve("48") }
    #expect(throws: CodeError.badCheckDigit("431002", expected: 1)) { try resolve("431002") }
    do {
      let a = try catalog.resolve("中央区")
      Issue.record("中央区 is in many cities, not only \(a)")
    } catch {
      guard case .ambiguousArea(_, let candidates) = error else { Issue.record("\(error)"); return }
      #expect(candidates.contains("43101 中央区 (熊本県熊本市)"))
      #expect(candidates.contains("13102 中央区 (東京都)"))
    }
  }

  @Test("areas are equal by key, listed in e-Stat's order")
  func identityAndOrder() {
    let renamed = Area(code: .nation, level: .nation, name: "全国計")
    #expect(renamed == .nation)
    #expect(Set([renamed, Area.nation]).count == 1)
    let list = [Area.unknown, .rest, .tokyoArea, catalog.area(code("43100")), Area(Prefecture(code: 43)!), .nation,
                Area(Prefecture(code: 13)!), catalog.area(code("13101"))]
    #expect(list.sorted().map(\.codeText) == ["00000", "13", "43", "13101", "43100", "51000", "rest", "99300"])
    #expect(Area(Prefecture(code: 43)!).codeText == "43")
    #expect(Area.rest.codeText == "rest")
  }

  @Test("region sets hold typed areas; a file's group is the area it is")
  func regionSets() throws {
    #expect(RegionSet.tokyoArea.area == .tokyoArea)
    #expect(RegionSet.tokyoArea.contains(catalog.area(code("13101"))))
    #expect(RegionSet.tokyoArea.contains(catalog.area(code("14100"))))
    #expect(!RegionSet.tokyoArea.contains(Area(Prefecture(code: 43)!)))
    let set = try RegionSet(
      parsing: "area,group,group_name\n11,tokyo-area,東京圏\n12,tokyo-area,東京圏\n13,tokyo-area,東京圏\n14,tokyo-area,東京圏\n"
        + "40,40,福岡県\n43,kyushu,九州\n46,kyushu,九州\n",
      id: "t", file: "t.csv")
    #expect(set.groups.map(\.area) == [.tokyoArea, Area(Prefecture(code: 40)!), Area(group: "kyushu", name: "九州")])
    #expect(set.groups[1].contains(catalog.area(code("40130"))))
  }
}
