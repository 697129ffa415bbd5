/// How the areas a table lists relate to each other (docs/ARCHITECTURE.md §2): which are the leaves figures are
/// counted on, which are aggregates of those leaves (checked against their sum, never added as a leaf), which are
/// groups beside them (東京圏, 21大都市計), and which lie inside a leaf (a 21大都市 origin beside its prefecture): kept
/// as their own figures, never added.
///
/// Found top-down from the roots (the listed areas with no listed area above them): an area whose parts are all
/// listed (directly, or through their own parts — 沖縄県 through its cities and 郡, a 郡 through its villages) is an
/// aggregate and the walk goes into its parts; any other is a leaf. A total (全国, 00999 総数) whose parts are not
/// all listed is the aggregate of the listed areas under it.
///
/// ```swift
/// let p = AreaPartition(["00999", "01000", …, "47000", "13100", "00416", "99300"].map(area), year: 2024)
/// p.leaves        // the 47 prefectures and 不詳
/// p.aggregates    // 00999 総数 over the 47 prefectures
/// p.groups        // 21大都市計 over 特別区部 and the 政令市 of 2024
/// p.inside        // 13100 特別区部 inside 東京都, …
/// ```
public struct AreaPartition: Sendable {
  /// The areas figures are counted on, in listing order.
  public private(set) var leaves: [Area] = []
  /// Listed areas made of listed leaves: each with the leaves under it, and whether those are all its parts
  /// (`complete`) or only the ones a table lists under a total (全国 beside a few prefectures: then the total is
  /// its own figure, not their sum).
  public private(set) var aggregates: [(area: Area, leaves: [Area], complete: Bool)] = []
  /// 三大都市圏 and 大都市計 rows whose parts are all listed: checked against them, never added. (One whose parts
  /// are not listed is its own figure: a leaf, as a counterpart table's 東京圏.)
  public private(set) var groups: [(area: Area, parts: [Area]?)] = []
  /// Listed areas inside a leaf (kept as their own figures, never added): each with that leaf.
  public private(set) var inside: [(area: Area, leaf: Area)] = []

  /// Partitions the listed areas; `year` decides the members of 21大都市計.
  public init(_ listed: [Area], year: Int?) {
    let catalog = AreaCatalog.standard
    var present = Set(listed)
    // 00999 総数 (as an origin) stands for 全国 where 全国 itself is not listed.
    let totalCode: AreaCode? = present.contains(Area(code: .allOrigins)) && !present.contains(.nation) ? .allOrigins : nil
    // (An area without a code, その他, is never the total: nil == nil must not make it 全国.)
    func code(_ a: Area) -> AreaCode? {
      if let t = totalCode, a.code == t { return .nation }
      return a.code
    }
    let byCode = Dictionary(listed.compactMap { a in code(a).map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
    var groupLeaves: [Area] = []
    func isGroup(_ a: Area) -> Bool { a.level == .metropolitanArea || a.level == .cityGroup }
    for a in listed where isGroup(a) {
      present.remove(a)
      let members = catalog.children(of: a.code!, year: year)
      let parts = members.map { byCode[$0] }
      if parts.allSatisfy({ $0 != nil }) {
        groups.append((a, parts.map { $0! }))
      } else if members.contains(where: { m in
        // A listed member or an area it lies in — not the nation, and not a group (a member's ancestors include
        // the group itself: 東京都 lies in 東京圏).
        ([m] + catalog.ancestors(of: m, year: year)).contains { c in
          guard c != .nation, let listed = byCode[c] else { return false }
          return !isGroup(listed)
        }
      }) {
        // Beside the areas it is made of (21大都市計 beside the prefectures of its cities): its own figure, not a leaf.
        groups.append((a, nil))
      } else {
        groupLeaves.append(a)  // a counterpart such as 東京圏 in a table that lists none of its prefectures
      }
    }
    var memo: [AreaCode: Bool] = [:]
    func covered(_ c: AreaCode) -> Bool {
      if let m = memo[c] { return m }
      memo[c] = false
      let kids = catalog.children(of: c, year: year)
      let r = !kids.isEmpty && kids.allSatisfy { byCode[$0].map(present.contains) == true || covered($0) }
      memo[c] = r
      return r
    }
    func isListed(_ c: AreaCode) -> Bool { byCode[c].map(present.contains) ?? false }
    // Listed areas under a code (the top-most ones).
    func listedBelow(_ c: AreaCode) -> [AreaCode] {
      var out: [AreaCode] = []
      for k in catalog.children(of: c, year: year) {
        if isListed(k) { out.append(k) } else { out += listedBelow(k) }
      }
      return out
    }
    var visited = Set<Area>()
    func walk(_ c: AreaCode) -> [Area] {
      let a = byCode[c]
      if let a { visited.insert(a) }
      let kids: [AreaCode]
      let complete = covered(c)
      if complete {
        kids = catalog.children(of: c, year: year)
      } else if c == .nation, !listedBelow(c).isEmpty {
        kids = listedBelow(c)
      } else {
        if let a { leaves.append(a) }
        return a.map { [$0] } ?? []
      }
      var under: [Area] = []
      for k in kids { under += walk(k) }
      if let a { aggregates.append((a, under, complete)) }
      return under
    }
    // Roots: listed areas with no listed area above them; areas without a code (groups of a set, その他) are leaves.
    let roots = listed.filter { a in
      guard present.contains(a), let c = code(a) else { return false }
      return !catalog.ancestors(of: c, year: year).contains { isListed($0) && $0 != c }
    }
    for r in roots { _ = walk(code(r)!) }
    for a in listed where present.contains(a) && a.code == nil { leaves.append(a) }
    leaves += groupLeaves
    // What is listed but not reached lies inside a leaf.
    let leafSet = Set(leaves)
    for a in listed where present.contains(a) && !visited.contains(a) && a.code != nil {
      let up = catalog.ancestors(of: code(a)!, year: year).compactMap { byCode[$0] }.first { leafSet.contains($0) }
      if let up { inside.append((a, up)) } else { leaves.append(a) }
    }
    leaves.sort()
  }

  /// Whether the areas make up an area: it is listed, or all its parts are, directly or through their own parts
  /// (全国 by its 47 prefectures, or by all their municipalities).
  public static func covers(_ listed: [Area], _ code: AreaCode, year: Int?) -> Bool {
    let catalog = AreaCatalog.standard
    let codes = Set(listed.compactMap(\.code))
    var memo: [AreaCode: Bool] = [:]
    func covered(_ c: AreaCode) -> Bool {
      if codes.contains(c) { return true }
      if let m = memo[c] { return m }
      memo[c] = false
      let kids = catalog.children(of: c, year: year)
      let r = !kids.isEmpty && kids.allSatisfy(covered)
      memo[c] = r
      return r
    }
    return covered(code)
  }

  /// Whether an area is a leaf.
  public func isLeaf(_ a: Area) -> Bool { leaves.contains(a) }
}
