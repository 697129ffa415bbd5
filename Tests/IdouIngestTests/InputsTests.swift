import IdouCore
import Testing

@testable import IdouIngest

/// The one way in (docs/ARCHITECTURE.md §4) on other people's CSVs: the real files as they are, `--columns`, and
/// what it never does (a silent zero, a wrapped sum, memory that follows crafted keys). Expected figures are the
/// published ones (datasets/SOURCES.md) or worked out by hand.
@Suite("Inputs: other people's CSVs, absence, bounds")
struct InputsTests {
  static let monthly = dataset("real/monthly-prefecture-2013-07_2026-07.csv")
  static let od = dataset("real/od-prefecture-2019-2025.csv")

  func margins(_ path: String) throws -> Margins {
    let r = try Inputs.read(path: path)
    #expect(r.report.rowsRead == r.report.rowsUsed + r.report.rowsRejected)
    return try r.selecting(.all).figures.margins
  }

  func figure(_ m: Margins, _ f: MarginFigure, _ p: Period, _ a: String, sex: Sex = .total) -> Int64? {
    m.value(f, period: m.periodIndex(p)!, sex: m.sexIndex(sex)!, area: m.areaIndex(area(a))!)
  }

  @Test("the real monthly file, as it is: 熊本県 2024 Oct–Dec as published, Σ net = 0 every month, 2025 = table 1")
  func realMonthly() throws {
    let r = try Inputs.read(path: Self.monthly)
    #expect(try Inputs.layoutName(of: InputFile.bytes(Self.monthly), file: "m.csv") == "long table (by column names)")
    #expect((r.report.rowsRead, r.report.rowsUsed, r.report.rowsRejected) == (7_379, 7_379, 0))  // 157 months × 47
    #expect(r.report.warnings.isEmpty)  // net_migration = in − out on every row
    #expect(r.report.notes.contains("net_migration: 7379 values checked against in − out, not stored (idou derives net)"))
    #expect(r.scopes == [.all] && !r.scopeIsStated)
    let m = try r.selecting(.all).figures.margins
    #expect(m.periods.count == 157 && m.areas.count == 47)
    for (month, i, o) in [(10, 1_962, 1_831), (11, 1_633, 1_351), (12, 1_699, 1_493)] {
      #expect(figure(m, .inflow, Period(year: 2024, month: month)!, "43") == Int64(i))
      #expect(figure(m, .outflow, Period(year: 2024, month: month)!, "43") == Int64(o))
    }
    for p in m.periods.indices {
      #expect(m.areas.indices.reduce(Int64(0)) { $0 + m.net(period: p, sex: 0, area: $1)! } == 0)
    }
    let rows = try m.summary(year: 2025, areas: [area("43")])
    #expect((rows[0].in, rows[0].out, rows[0].net) == (28_923, 31_256, -2_333))
    #expect(rows[0].boundary == .prefecture)
  }

  @Test("the real OD long table: totals 2024 2,523,249 and 2025 2,515,731; 熊本県 2024 = table 1")
  func realOD() throws {
    let r = try Inputs.read(path: Self.od)
    guard case .flows(let flows) = try r.selecting(.all).figures else { Issue.record("not flows"); return }
    #expect(flows.boundary == .prefecture)
    let p2024 = flows.periods.firstIndex(of: Period(year: 2024))!, p2025 = flows.periods.firstIndex(of: Period(year: 2025))!
    #expect(flows.cells.filter { $0.period == Int32(p2024) }.reduce(0) { $0 + $1.count } == 2_523_249)
    #expect(flows.cells.filter { $0.period == Int32(p2025) }.reduce(0) { $0 + $1.count } == 2_515_731)
    let rows = try flows.margins().summary(year: 2024, areas: [area("43")])
    #expect((rows[0].in, rows[0].out) == (29_700, 31_242))
  }

  @Test("--columns maps any CSV; the name column is checked against the code")
  func mapped() throws {
    let text = "ym,code,label,arrivals,departures,stamp\n2025-01,43000,熊本県,1711,1683,x\n2025-02,43000,熊本県,1677,1746,y\n"
    let mapping = try ColumnMapping(parsing: "month=ym,area=code,name=label,in=arrivals,out=departures,ignore=stamp")
    let r = try Inputs.read(bytes: Array(text.utf8), file: "m.csv", options: .init(columns: mapping))
    let m = try r.selecting(.all).figures.margins
    #expect(try m.summary(year: 2025).map { [$0.in, $0.out] } == [[1711 + 1677, 1683 + 1746]])
    // Without the mapping the unknown columns are refused by name.
    #expect(throws: DataError.self) { try Inputs.read(bytes: Array(text.utf8), file: "m.csv") }
    let wrongName = "year_month,pref_code,pref_name,in_migrants,out_migrants\n2025-01,43000,福岡県,1,2\n"
    do {
      _ = try Inputs.read(bytes: Array(wrongName.utf8), file: "w.csv")
      Issue.record("a name that contradicts its code was accepted")
    } catch let e as DataError {
      #expect((e.line, e.column) == (2, 3))
      #expect(e.reason.contains("福岡県"))
    }
    #expect(throws: ColumnMappingError.self) { try ColumnMapping(parsing: "ages=age") }
  }

  @Test("a column idou does not map is refused by name, never added up", arguments: [
    ("month,area,district,in,out\n2025-01,43,北部,1,1\n", 3, "column 'district'"),
    ("year,from_pref,to_pref,movers,nationality_detail\n2025,01,02,5,x\n", 5, "column 'nationality_detail'"),
  ])
  func unknownColumn(text: String, column: Int, what: String) {
    // An age column is read as age classes: a value that is none is refused where it is, never added up.
    do {
      _ = try Inputs.read(bytes: Array("month,area,age,in,out\n2025-01,43,幼児,1,1\n".utf8), file: "a.csv")
      Issue.record("an unknown age class was accepted")
    } catch let e as DataError {
      #expect((e.line, e.column) == (2, 3) && e.reason.contains("not an age class"))
    } catch { Issue.record("\(error)") }
    do {
      _ = try Inputs.read(bytes: Array(text.utf8), file: "u.csv")
      Issue.record("accepted")
    } catch let e as DataError {
      #expect((e.line, e.column) == (1, column))
      #expect(e.reason.contains(what))
    } catch { Issue.record("\(error)") }
  }

  @Test("a month an area has no row for is absent, never 0; a sum that needs it is absent")
  func absentIsNotZero() throws {
    let text = "month,area,sex,in,out\n2025-01,43,0,5,3\n2025-02,43,0,1,1\n2025-01,40,0,9,8\n2025-02,40,0,-,7\n"
    let m = try Inputs.read(bytes: Array(text.utf8), file: "a.csv").selecting(.all).figures.margins
    #expect(figure(m, .inflow, Period(year: 2025, month: 2)!, "40") == nil)
    #expect(figure(m, .outflow, Period(year: 2025, month: 2)!, "40") == 7)
    let rows = try m.summary(year: 2025)
    #expect(rows.map(\.area.codeText) == ["40", "43"])
    #expect(rows[0].in == nil && rows[0].out == 15 && rows[0].net == nil)
    #expect(rows[1].in == 6 && rows[1].net == 2)
    #expect(throws: CubeError.noData("year 2024 (the data has 2025)")) { try m.summary(year: 2024) }
    #expect(throws: CubeError.self) { try m.summary(year: 2025, sex: .male) }
  }

  @Test("男 = 女 = 2,147,483,647 and no 総数: 総数 is 4,294,967,294 in 64 bits, and a 32-bit cube refuses")
  func noWrappedSums() throws {
    let text = "month,from,to,sex,count\n2025-01,43,13,1,2147483647\n2025-01,43,13,2,2147483647\n2025-01,13,43,1,1\n"
    let r = try Inputs.read(bytes: Array(text.utf8), file: "big.csv")
    guard case .flows(let flows) = try r.selecting(.all).figures else { Issue.record("not flows"); return }
    let rows = try flows.margins().summary(year: 2025, areas: [area("43")])
    #expect(rows[0].out == 4_294_967_294)
    #expect(throws: CubeError.self) { try flows.cube() }
    #expect(throws: DataError.self) { try AnyInput.read(bytes: Array(text.utf8), file: "big.csv") }
  }

  @Test("16,000 distinct municipal codes: sparse flows, margins and tidy rows; a dense cube is refused")
  func manyCodes() throws {
    var text = "month,from,to,sex,count\n"
    var codes: [String] = []
    var c = 1_001
    while codes.count < 16_000 {
      if c % 1000 != 0 && c % 1000 > 2 { codes.append(c < 10_000 ? "0\(c)" : "\(c)") }
      c += 2
    }
    for (i, code) in codes.enumerated() { text += "2025-01,\(code),\(codes[(i + 1) % codes.count]),0,1\n" }
    #expect(text.utf8.count < 400_000)
    let r = try Inputs.read(bytes: Array(text.utf8), file: "many.csv")
    guard case .flows(let flows) = try r.selecting(.all).figures else { Issue.record("not flows"); return }
    #expect(flows.areas.count == 16_000 && flows.cells.count == 16_000)
    let m = flows.margins()
    #expect(m.areas.indices.allSatisfy { m.inflow(period: 0, sex: 0, area: $0) == 1 && m.outflow(period: 0, sex: 0, area: $0) == 1 })
    #expect(flows.tidyRows().count == 16_000)
    #expect(throws: CubeError.self) { try flows.cube() }
  }

  @Test("the vocabulary: markers, sex and scope words, counts as tables write them")
  func vocabulary() {
    for m in ["***", "-", "－", "…", "x", "X"] { #expect(Vocabulary.count(m) == .marker, "\(m)") }
    #expect(Vocabulary.count("\"-5,162\"".filter { $0 != "\"" }, signed: true) == .value(-5_162))
    #expect(Vocabulary.count("-5,162") == .invalid)  // a negative count of persons
    #expect(Vocabulary.count("▲1,624", signed: true) == .value(-1_624))
    #expect(Vocabulary.count("2,515,731") == .value(2_515_731))
    #expect(Vocabulary.count("") == .invalid && Vocabulary.count("", emptyIsMarker: true) == .marker)
    for (w, s) in [("総数", Sex.total), ("計", .total), ("男女計", .total), ("男", .male), ("女", .female), ("1", .male),
                   ("2", .female), ("M", .male), ("F", .female)] {
      #expect(Vocabulary.sex(w) == s, "\(w)")
    }
    for (w, s) in [("60000", PopulationScope.all), ("61000", .japanese), ("62000", .foreign), ("日本人移動者", .japanese),
                   ("外国人", .foreign), ("移動者", .all)] {
      #expect(Vocabulary.scope(w) == s, "\(w)")
    }
  }
}
