import IdouCore
import IdouIngest
import Testing

@testable import IdouProjection

@Suite("Projection on generated data: SIMD against a scalar reference, known ratios, reconciled parts")
struct GeneratedDataTests {
  /// The methods written out per series with plain loops, independently of the lane code.
  static func scalarRemainder(_ p: MonthlyPanel, _ d: Direction, series s: Int, year: Int, through m: Int,
                              method: ProjectionMethod, k: Int) -> Double {
    let x = p.values(d)
    func sum(_ y: Int, _ months: ClosedRange<Int>) -> Double {
      var t = 0.0
      for month in months { t += x[p.row(year: y, month: month)! * p.stride + s] }
      return t
    }
    let ytd = sum(year, 1...m), lytd = sum(year - 1, 1...m), lrem = sum(year - 1, (m + 1)...12)
    switch method {
    case .samePeriodRatio: return ytd / lytd * lrem
    case .samePeriodDifference: return lrem + (ytd - lytd) * (Double(12 - m) / Double(m))
    case .seasonalNaive: return lrem
    case .averageRatio:
      var meanYtd = 0.0, meanRem = 0.0
      for j in 1...k {
        meanYtd += sum(year - j, 1...m) * (1 / Double(k))
        meanRem += sum(year - j, (m + 1)...12) * (1 / Double(k))
      }
      return ytd / meanYtd * meanRem
    case .seasonalShare, .shareNaiveMean:
      var share = 0.0
      for j in 1...k { share += sum(year - j, 1...m) / sum(year - j, 1...12) * (1 / Double(k)) }
      let byShare = ytd / share - ytd
      return method == .seasonalShare ? byShare : (byShare + lrem) * 0.5
    }
  }

  @Test("every method matches the scalar reference for awkward series counts", arguments: awkwardSizes)
  func simdMatchesScalar(count: Int) throws {
    let panel = randomPanel(count: count, years: 2019...2025, seed: UInt64(count) + 7)
    #expect(panel.stride % 8 == 0 && panel.stride >= count && panel.stride < count + 8)
    for method in ProjectionMethod.allCases {
      for m in [1, 5, 11] {
        let p = try Projection(panel: panel, year: 2025, through: m, method: method, history: 3)
        for d in Direction.allCases {
          let lanes = p.lanes(d)
          #expect(lanes.undefined.isEmpty)
          for s in 0..<count {
            let reference = Self.scalarRemainder(panel, d, series: s, year: 2025, through: m, method: method, k: 3)
            #expect(lanes.exactRemainder[s] == reference, "\(method) M=\(m) series \(s) \(d)")
            #expect(lanes.annual[s] == lanes.toDate[s] + reference.rounded(.toNearestOrAwayFromZero))
          }
        }
      }
    }
  }

  @Test("the kernels match plain loops, padding lanes included", arguments: awkwardSizes)
  func kernels(count: Int) {
    var rng = SplitMix64(seed: UInt64(count) &* 31 &+ 1)
    let stride = (count + 7) / 8 * 8, rows = 5
    let values = (0..<rows * stride).map { _ in Double(Int.random(in: -1000...1000, using: &rng)) / 8 }
    let sums = SeriesKernels.sumRows(values, stride: stride, rows: 1..<4)
    let a = Array(values[0..<stride]), b = Array(values[stride..<2 * stride])
    let product = SeriesKernels.map(a, b) { $0 * $1 }
    let magnitude = SeriesKernels.map(a, a) { x, _ in SeriesKernels.magnitude(x) }
    let persons = SeriesKernels.persons(SeriesKernels.map(a, b, a) { $0 / 3 + $1 - $2 })
    for s in 0..<stride {
      #expect(sums[s] == values[stride + s] + values[2 * stride + s] + values[3 * stride + s])
      #expect(product[s] == a[s] * b[s])
      #expect(magnitude[s] == abs(a[s]))
      #expect(persons[s] == (a[s] / 3 + b[s] - a[s]).rounded(.toNearestOrAwayFromZero))
    }
  }

  @Test("series whose year is a known multiple of last year's give back that ratio exactly")
  func knownRatioRecovered() throws {
    var rng = SplitMix64(seed: 2025)
    let ratios = [0.5, 0.75, 1.0, 1.25, 1.5, 2.0]
    for count in [1, 9, 17, 64] {
      let keys = (0..<count).map { SeriesKey(area: Area(group: "g\($0)", name: "g\($0)")) }
      var panel = MonthlyPanel(keys: keys, firstYear: 2024, yearCount: 2)
      var lastYear: [Double] = Array(repeating: 0, count: count)
      var truth: [Double] = []
      for s in 0..<count {
        let r = ratios[Int.random(in: 0..<ratios.count, using: &rng)]
        truth.append(r)
        for m in 1...12 {
          let before = Double(4 * Int.random(in: 1...300, using: &rng))  // multiples of 4: r × x stays whole
          lastYear[s] += before
          panel.set(series: s, year: 2024, month: m, in: before, out: before * 2)
          panel.set(series: s, year: 2025, month: m, in: r * before, out: r * before * 2)
        }
      }
      for m in [1, 9, 11] {
        let p = try Projection(panel: panel, year: 2025, through: m, method: .samePeriodRatio)
        for s in 0..<count {
          let f = try p.series(s)
          #expect(f.in.ratio == truth[s] && f.out.ratio == truth[s])
          #expect(f.in.annual == Int64(truth[s] * lastYear[s]))
          #expect(f.out.annual == Int64(truth[s] * lastYear[s] * 2))
          #expect(f.net.annual == -Int64(truth[s] * lastYear[s]))
        }
      }
    }
  }

  /// Six prefectures, 男 and 女 stored, two years of random monthly moves.
  static func randomCube(seed: UInt64) -> MigrationCube {
    var rng = SplitMix64(seed: seed)
    let areas = [11, 13, 27, 40, 43, 47].map { Area(Prefecture(code: $0)!) }
    let periods = (2024...2025).flatMap { y in (1...12).map { Period(year: y, month: $0)! } }
    var cube = MigrationCube(periods: periods, areas: areas, sexes: [.male, .female])
    for p in periods.indices {
      for s in 0..<2 {
        for o in areas.indices {
          for d in areas.indices where o != d { cube[p, s, o, d] = Int32.random(in: 1...400, using: &rng) }
        }
      }
    }
    return cube
  }

  /// A made-up group of two prefectures of 東京圏 (埼玉, 東京).
  static let twoOfTokyo = Area(group: "tokyo-area", name: "東京圏")
  static func p(_ code: Int) -> Area { Area(Prefecture(code: code)!) }

  static let reportSet = RegionSet(id: "test", name: "test", groups: [
    .init(area: twoOfTokyo, members: [AreaCode(prefecture: Prefecture(code: 11)!), AreaCode(prefecture: Prefecture(code: 13)!)]),
    .init(area: Area(Prefecture(code: 40)!), members: [AreaCode(prefecture: Prefecture(code: 40)!)]),
  ])

  @Test("per-counterpart series are the cube's sums over each group")
  func panelFromCube() throws {
    let cube = Self.randomCube(seed: 5)
    let panel = try MonthlyPanel(cube: cube, counterparts: Self.reportSet)
    // 6 areas × (全国計, 東京圏, 福岡県, その他) × (総数, 男, 女), less 福岡県 with 福岡県 (itself only).
    #expect(panel.keys.count == (6 * 4 - 1) * 3)
    #expect(!panel.keys.contains { $0.area == Self.p(40) && $0.counterpart == Self.p(40) })
    let groups = [Self.twoOfTokyo: [11, 13], Self.p(40): [40], Area.rest: [27, 43, 47]].mapValues { $0.map(Self.p) }
    for key in panel.keys {
      let s = panel.index(of: key)!
      let a = cube.originIndex(key.area)!
      let others = key.counterpart.map { groups[$0]!.map { cube.originIndex($0)! } }
        ?? Array(cube.areas.indices)
      for p in [0, 5, 23] {
        let m = cube.matrix(period: p, sex: key.sex)!, n = cube.areas.count
        var inflow: Int64 = 0, outflow: Int64 = 0
        for o in others where o != a {
          inflow += Int64(m[o * n + a])
          outflow += Int64(m[a * n + o])
        }
        let row = panel.row(year: cube.periods[p].year, month: cube.periods[p].month)!
        #expect(panel.inflow[row * panel.stride + s] == Double(inflow), "\(key) \(cube.periods[p])")
        #expect(panel.outflow[row * panel.stride + s] == Double(outflow), "\(key) \(cube.periods[p])")
      }
    }
  }

  @Test("per-counterpart series equal counterpartFlows (issue 5's API) for every area, month and sex")
  func panelMatchesCounterpartFlows() throws {
    let cube = Self.randomCube(seed: 23)
    let panel = try MonthlyPanel(cube: cube, counterparts: Self.reportSet)
    for key in panel.keys {
      let flows = try cube.counterpartFlows(of: key.area, regions: Self.reportSet)
      let s = panel.index(of: key)!
      for (p, period) in cube.periods.enumerated() {
        let row = panel.row(year: period.year, month: period.month)!
        let code = key.counterpart ?? CounterpartFlows.nationalTotal
        #expect(panel.inflow[row * panel.stride + s] == Double(flows.inflow(period: p, sex: key.sex, counterpart: code)!))
        #expect(panel.outflow[row * panel.stride + s] == Double(flows.outflow(period: p, sex: key.sex, counterpart: code)!))
      }
    }
  }

  @Test("a counterpart group the data cannot form is an error, not a partial sum")
  func unanswerableGroup() throws {
    let reference = try IdouIngest.AnyInput.read(path: repositoryRoot + "/datasets/reference/kumamoto-2024-2025-jan-sep.csv")
    #expect(throws: CubeError.self) { try MonthlyPanel(cube: reference.cube, counterparts: RegionSet.metropolitan) }
    // Its own groups work, and 熊本県 is the only area with series (the others are aggregates or 福岡県 itself).
    let set = try RegionSet.named(repositoryRoot + "/datasets/regions/kumamoto-report.csv")
    let panel = try MonthlyPanel(cube: reference.cube, counterparts: set, areas: [Self.p(43)])
    #expect(panel.keys.map { $0.counterpart?.codeText ?? "all" } == ["all", "51000", "53000", "40", "rest"])
  }

  @Test("the reconciled view's parts add up exactly, by sex and by counterpart, for every method")
  func reconciledPartsAddUp() throws {
    let panel = try MonthlyPanel(cube: Self.randomCube(seed: 11), counterparts: Self.reportSet)
    for method in [ProjectionMethod.samePeriodRatio, .samePeriodDifference, .seasonalNaive] {
      for m in [1, 9, 11] {
        let p = try Projection(panel: panel, year: 2025, through: m, method: method)
        var differs = 0
        for key in p.keys where key.sex == .total && key.counterpart == nil {
          for axis in [ReconciliationAxis.sex, .counterpart] {
            let (total, parts) = try p.reconciled(key, by: axis)
            // 福岡県 has no series with the group 福岡県 (itself): its counterparts are 東京圏 and その他.
            #expect(parts.count == (axis == .sex ? 2 : key.area == Self.p(40) ? 2 : 3))
            for d in Direction.allCases {
              let whole = d == .in ? total.in : total.out
              let pieces = parts.map { d == .in ? $0.in : $0.out }
              #expect(whole.annual == pieces.map(\.annual).reduce(0, +))
              #expect(whole.projectedRemainder == pieces.map(\.projectedRemainder).reduce(0, +))
              #expect(whole.toDate == pieces.map(\.toDate).reduce(0, +))
              #expect(whole.toDate + whole.projectedRemainder == whole.annual)
              #expect(whole.ratio == nil)
            }
            #expect(total.net.annual == parts.map(\.net.annual).reduce(0, +))
            if try total.in.annual != p.series(key).in.annual { differs += 1 }
          }
        }
        // The direct and reconciled totals are different figures in general (the reason both views exist);
        // the seasonal naive remainder is plain data, so there they agree.
        if method == .seasonalNaive { #expect(differs == 0) }
      }
    }
  }

  @Test("reconciled along both axes: 総数 全国計 is the sum of 男 and 女 of every counterpart")
  func bothAxes() throws {
    let panel = try MonthlyPanel(cube: Self.randomCube(seed: 17), counterparts: Self.reportSet)
    let p = try Projection(panel: panel, year: 2025, through: 9, method: .samePeriodRatio)
    let total = SeriesKey(area: kumamoto)
    let keys = p.parts(of: total, by: [.sex, .counterpart])
    #expect(keys.count == 2 * 3)
    let (whole, parts) = try p.reconciled(total, from: keys)
    // Summing the parts by sex first, each reconciled by counterpart, gives the same figure.
    var viaSexes: Int64 = 0
    for s in [Sex.male, .female] {
      viaSexes += try p.reconciled(SeriesKey(area: kumamoto, sex: s), by: .counterpart).total.in.annual
    }
    #expect(whole.in.annual == parts.map(\.in.annual).reduce(0, +))
    #expect(whole.in.annual == viaSexes)
    #expect(whole.out.annual == parts.map(\.out.annual).reduce(0, +))
  }

  @Test("overlapping counterpart groups cannot be reconciled, and say so")
  func overlappingGroups() throws {
    let panel = try MonthlyPanel(cube: Self.randomCube(seed: 3), counterparts: RegionSet.metropolitan)
    let p = try Projection(panel: panel, year: 2025, through: 9, method: .samePeriodRatio)
    #expect(throws: ProjectionError.self) { try p.reconciled(SeriesKey(area: kumamoto), by: .counterpart) }
    // By sex it works: 総数 = 男 + 女.
    #expect(try p.reconciled(SeriesKey(area: kumamoto), by: .sex).parts.count == 2)
  }
}
