import Foundation
import IdouCore
import IdouReport

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Parses SVG text with Foundation's XML parser (libxml2 on Linux): a document that does not parse fails the test.
func parseSVG(_ text: String) throws -> XMLDocument {
  try XMLDocument(xmlString: text, options: [])
}

extension XMLNode {
  /// Every descendant element named `name` (any namespace), in document order, optionally with a class token.
  func elements(_ name: String, class token: String? = nil) -> [XMLElement] {
    var out: [XMLElement] = []
    for child in children ?? [] {
      if let e = child as? XMLElement, e.localName == name {
        if let token {
          let classes = (e.string("class") ?? "").split(separator: " ")
          if classes.contains(Substring(token)) { out.append(e) }
        } else {
          out.append(e)
        }
      }
      out += child.elements(name, class: token)
    }
    return out
  }
}

extension XMLElement {
  /// An attribute's value, found by walking the attributes (FoundationXML's `attribute(forName:)` misses names
  /// with a hyphen such as `data-value`).
  func string(_ name: String) -> String? {
    (attributes ?? []).first { $0.name == name || $0.localName == name }?.stringValue
  }
  func number(_ name: String) -> Double? { string(name).flatMap(Double.init) }
}

/// A small synthetic cube, clearly not real figures: 東京都 (13), 福岡県 (40), 熊本県 (43) exchanging migrants
/// month by month from January of `firstYear` through `lastMonth` of `lastYear`, 男 and 女 layers, with March and
/// April three times a usual month. Flows come from a seeded generator so every run gives the same cube.
func syntheticCube(firstYear: Int = 2014, lastYear: Int = 2025, lastMonth: Int = 9, seed: UInt64 = 7) -> MigrationCube {
  let areas = [13, 40, 43].map { Area(Prefecture(code: $0)!) }
  var periods: [Period] = []
  for y in firstYear...lastYear {
    for m in 1...(y == lastYear ? lastMonth : 12) { periods.append(Period(year: y, month: m)!) }
  }
  var cube = MigrationCube(periods: periods, areas: areas, sexes: [.male, .female])
  var state = seed
  func next(_ bound: Int32) -> Int32 {
    state = state &* 6364136223846793005 &+ 1442695040888963407
    return Int32(truncatingIfNeeded: (state >> 33) % UInt64(bound))
  }
  // Base monthly flows origin → destination (persons): 熊本 loses to 東京 and 福岡, 福岡 gains from 熊本.
  let base: [[Int32]] = [[0, 120, 90], [150, 0, 260], [200, 330, 0]]
  for (p, period) in periods.enumerated() {
    let season: Int32 = period.month == 3 || period.month == 4 ? 3 : 1
    let drift = Int32(period.year - firstYear) * 4
    for s in 0..<2 {
      for o in 0..<3 {
        for d in 0..<3 where o != d {
          cube[p, s, o, d] = (base[o][d] + (o == 2 ? drift : 0)) * season + next(40)
        }
      }
    }
  }
  return cube
}

/// 転入 − 転出 of area index `a` over the given periods, summed from the cube's cells (not through `Margins`).
func netFromCells(_ cube: MigrationCube, area a: Int, periods ps: [Int], sexes: [Int]) -> Int64 {
  var net: Int64 = 0
  for p in ps {
    for s in sexes {
      for o in cube.areas.indices where o != a {
        net += Int64(cube[p, s, o, a]) - Int64(cube[p, s, a, o])
      }
    }
  }
  return net
}

/// An area as a user types it (`43`, `熊本市`, `tokyo-area`): a test shorthand for ``AreaCatalog/resolve(_:)``.
func area(_ text: String) -> Area { text == "rest" ? .rest : try! AreaCatalog.standard.resolve(text) }
