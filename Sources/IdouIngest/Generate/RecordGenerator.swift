import IdouCore
import IdouIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Synthetic move records (`idou generate`), deterministic for a seed, calibrated to real figures.
///
/// - Flows between prefectures are drawn in proportion to the real 2025 47×47 matrix
///   (`datasets/real/jp-prefecture-migration-2025.csv`). Moves between municipalities of one prefecture are added
///   in proportion to each prefecture's out-flow, at the national ratio of 2024 (5,207,746 inter-municipal moves,
///   of which 2,523,249 inter-prefectural: 1.064 within-prefecture moves per inter-prefecture move).
/// - Municipalities are drawn uniformly from the catalog's municipalities of the prefecture (the catalog has no
///   populations); codes are written with six digits and a valid check digit.
/// - Months follow a fixed profile with the March/April peaks of school and job moves (an approximation of the
///   national monthly pattern, not a fit); the day is uniform in the month.
/// - Sex: 男 54 %, 女 46 % (approximately the inter-prefectural split). Age: a profile peaking at 20–29.
///   Nationality: 外国人 9 %.
///
/// ```swift
/// let g = try RecordGenerator.bundled()
/// try g.write(records: 1_000, seed: 42, to: "moves.csv")
/// ```
public struct RecordGenerator: Sendable {
  /// Monthly shares (January first), in per mille: March and April carry the peaks.
  public static let monthProfile: [Double] = [68, 70, 152, 128, 72, 66, 72, 74, 70, 70, 60, 58]
  /// Age bands (lower bound, width, per mille).
  public static let ageProfile: [(Int, Int, Double)] = [
    (0, 5, 60), (5, 10, 40), (15, 5, 55), (20, 5, 220), (25, 5, 180), (30, 5, 120), (35, 5, 80), (40, 10, 110),
    (50, 10, 70), (60, 15, 45), (75, 25, 20),
  ]
  public static let maleShare = 0.54
  public static let foreignShare = 0.09
  public static let withinPrefectureRatio = (5_207_746.0 - 2_523_249.0) / 2_523_249.0

  let pairs: AliasTable
  let municipalitiesByPrefecture: [[Int]]

  /// A generator from a 47×47 matrix of flows (row = origin, column = destination) and the catalog.
  public init(flows: [Int32], catalog: MunicipalCatalog) {
    precondition(flows.count == 47 * 47)
    var weights = flows.map(Double.init)
    for o in 0..<47 {
      var out = 0.0
      for d in 0..<47 where d != o { out += weights[o * 47 + d] }
      weights[o * 47 + o] = out * Self.withinPrefectureRatio
    }
    var byPref = [[Int]](repeating: [], count: 47)
    for code in catalog.municipalities { byPref[code / 1000 - 1].append(code) }
    for p in 0..<47 where byPref[p].count < 2 {
      weights[p * 47 + p] = 0
      if byPref[p].isEmpty { byPref[p] = [(p + 1) * 1000] }
    }
    pairs = AliasTable(weights)
    municipalitiesByPrefecture = byPref
  }

  /// The generator calibrated to the bundled real 2025 matrix and the bundled catalog.
  public static func bundled() throws -> RecordGenerator {
    let path = try BundledData.path(BundledData.odMatrix2025)
    let cube = try ODMatrixReader(period: Period(year: 2025)).read(bytes: try InputFile.bytes(path), file: path).cube
    guard let m = cube.matrix(period: 0, sex: .total), m.count == 47 * 47 else {
      throw DataError(file: path, line: 0, column: 0, reason: "expected a 47×47 prefecture matrix")
    }
    return RecordGenerator(flows: m, catalog: try MunicipalCatalog.bundled())
  }

  /// Writes `records` rows `date,from,to,sex,age,nationality` for `year` to `path` (atomically).
  public func write(records: Int, seed: UInt64, year: Int = 2025, to path: String) throws {
    var out: [UInt8] = []
    out.reserveCapacity(min(records, 1 << 22) * 34 + 64)
    out += Array("date,from,to,sex,age,nationality\n".utf8)
    let file = try OutputWriter(path: path)
    var rng = Xoshiro256(seed: seed)
    let months = AliasTable(Self.monthProfile)
    let ages = AliasTable(Self.ageProfile.map(\.2))
    for _ in 0..<records {
      let r = next(&rng, months: months, ages: ages, year: year)
      Self.appendRow(&out, r)
      if out.count >= 1 << 20 {
        try file.write(out)
        out.removeAll(keepingCapacity: true)
      }
    }
    try file.write(out)
    try file.close()
  }

  /// One record: (year, month, day, origin, destination, sex, age, foreign).
  struct Row { var year, month, day, origin, destination, sex, age: Int; var foreign: Bool }

  func next(_ rng: inout Xoshiro256, months: AliasTable, ages: AliasTable, year: Int) -> Row {
    let pair = pairs.draw(&rng)
    let o = pair / 47, d = pair % 47
    let from = municipalitiesByPrefecture[o], to = municipalitiesByPrefecture[d]
    let a = from[rng.below(from.count)]
    var b = to[rng.below(to.count)]
    if o == d {
      while b == a { b = to[rng.below(to.count)] }
    }
    let month = months.draw(&rng) + 1
    let day = 1 + rng.below(Period.daysIn(year: year, month: month))
    let sex = rng.unit() < Self.maleShare ? 1 : 2
    let band = Self.ageProfile[ages.draw(&rng)]
    let age = band.0 + rng.below(band.1)
    return Row(year: year, month: month, day: day, origin: a, destination: b, sex: sex, age: age,
               foreign: rng.unit() < Self.foreignShare)
  }

  static func appendRow(_ out: inout [UInt8], _ r: Row) {
    func digits(_ v: Int, _ width: Int) {
      var div = 1
      for _ in 1..<width { div *= 10 }
      var x = v
      while div > 0 { out.append(UInt8(0x30 + x / div)); x %= div; div /= 10 }
    }
    digits(r.year, 4); out.append(0x2D); digits(r.month, 2); out.append(0x2D); digits(r.day, 2); out.append(0x2C)
    digits(r.origin, 5); digits(MunicipalCode.checkDigit(of: r.origin), 1); out.append(0x2C)
    digits(r.destination, 5); digits(MunicipalCode.checkDigit(of: r.destination), 1); out.append(0x2C)
    out.append(UInt8(0x30 + r.sex)); out.append(0x2C)
    digits(r.age, r.age >= 100 ? 3 : r.age >= 10 ? 2 : 1); out.append(0x2C)
    out += r.foreign ? [0x46, 0x4F, 0x52, 0x45, 0x49, 0x47, 0x4E] : [0x4A, 0x50]
    out.append(0x0A)
  }
}

/// xoshiro256** seeded by SplitMix64: fast, and the same sequence on every platform for a seed.
struct Xoshiro256: Sendable {
  var s: (UInt64, UInt64, UInt64, UInt64)

  init(seed: UInt64) {
    var seeder = SplitMix64(seed: seed)
    s = (seeder.next(), seeder.next(), seeder.next(), seeder.next())
  }

  mutating func next() -> UInt64 {
    let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = s.3 << 45 | s.3 >> 19
    return result
  }

  /// Uniform in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
  /// Uniform in 0..<n (multiply-shift; the bias is below 2⁻³² for the sizes used here).
  mutating func below(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}

/// Vose's alias method: draws an index with probability proportional to its weight in O(1).
struct AliasTable: Sendable {
  let probability: [Double]
  let alias: [Int]

  init(_ weights: [Double]) {
    let n = weights.count
    let total = weights.reduce(0, +)
    var scaled = weights.map { $0 * Double(n) / total }
    var prob = [Double](repeating: 1, count: n), alias = Array(0..<n)
    var small = (0..<n).filter { scaled[$0] < 1 }, large = (0..<n).filter { scaled[$0] >= 1 }
    while let s = small.popLast(), let l = large.popLast() {
      prob[s] = scaled[s]
      alias[s] = l
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 { small.append(l) } else { large.append(l) }
    }
    probability = prob
    self.alias = alias
  }

  func draw(_ rng: inout Xoshiro256) -> Int {
    let i = rng.below(probability.count)
    return rng.unit() < probability[i] ? i : alias[i]
  }
}
