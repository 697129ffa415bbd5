import IdouCore
import IdouIngest
import IdouProjection
@_exported import _TestSupport


let kumamoto = Area(Prefecture(code: 43)!)

/// A `month,area,sex,in,out` table (sex 0) of one area from monthly figures per year: `[2024: ([in…], [out…])]`.
func areaTotalsTable(area: String = "43", _ years: [Int: (in: [Int], out: [Int])]) -> String {
  var text = "month,area,sex,in,out\n"
  for (year, v) in years.sorted(by: { $0.key < $1.key }) {
    precondition(v.in.count == v.out.count)
    for m in v.in.indices {
      text += "\(Period(year: year, month: m + 1)!),\(area),0,\(v.in[m]),\(v.out[m])\n"
    }
  }
  return text
}

/// Reads a long table through the reader, as the CLI does, and makes the panel of its series.
func panel(fromTable text: String, counterparts: RegionSet? = nil) throws -> MonthlyPanel {
  let read = try AnyInput.read(bytes: Array(text.utf8), file: "test.csv")
  return try MonthlyPanel(cube: read.cube, counterparts: counterparts)
}


/// The awkward series counts for SIMD tails and padding.

/// A panel of `count` series over `years` with random monthly counts in 0…`maximum` (every month present).
func randomPanel(count: Int, years: ClosedRange<Int>, maximum: Int = 500, seed: UInt64) -> MonthlyPanel {
  var rng = SplitMix64(seed: seed)
  let keys = (0..<count).map { i in
    SeriesKey(area: Area(group: "x\(i)", name: "series \(i)"))
  }
  var p = MonthlyPanel(keys: keys, firstYear: years.lowerBound, yearCount: years.count)
  for y in years {
    for m in 1...12 {
      for s in 0..<count {
        // Never 0 in January, so every denominator of every method is positive.
        let low = m == 1 ? 1 : 0
        p.set(series: s, year: y, month: m, in: Double(Int.random(in: low...maximum, using: &rng)),
              out: Double(Int.random(in: low...maximum, using: &rng)))
      }
      if count == 0 { p.present[p.row(year: y, month: m)!] = true }
    }
  }
  return p
}
