import IdouCore

extension FlowBuilder {
  /// What resolving the area hierarchy of flows found: notes for the account, warnings naming lines.
  struct Resolution {
    var notes: [String] = []
    var warnings: [(line: Int, text: String)] = []
  }

  /// The flow tables of the leaf areas (docs/ARCHITECTURE.md §2), every reader's: origins and destinations are each
  /// partitioned (``AreaPartition``) — 00999 総数, 全国, 郡, 市部, a prefecture whose municipalities are all listed
  /// are aggregates, checked against the sum of their leaves (a warning naming lines, a note when the difference
  /// is exactly 不詳) and never stored as leaves; a 21大都市 origin beside its prefecture lies inside a leaf and is
  /// kept apart. A total on one side states the other side's margin (00999 総数 → 那覇市 is 那覇市's 転入, whatever
  /// the listed origins add up to). A side is complete when it has a total or its leaves make up the country, or
  /// when the table is square; the margins of the other side's areas are known only then.
  func buildResolvingHierarchy() -> (tables: [FlowTable], resolution: Resolution) {
    var r = Resolution()
    let all = cellEntries()
    guard !all.isEmpty else { return (build(), r) }
    let years = Set(periods.map(\.year))
    func partitions(_ ids: Set<Int32>) -> [Int: (partition: AreaPartition, leaf: Set<Int32>, index: [Area: Int32])] {
      var index: [Area: Int32] = [:]
      for i in ids { index[areas[Int(i)]] = i }
      var out: [Int: (AreaPartition, Set<Int32>, [Area: Int32])] = [:]
      for y in years {
        let p = AreaPartition(ids.map { areas[Int($0)] }, year: y)
        out[y] = (p, Set(p.leaves.compactMap { index[$0] }), index)
      }
      return out
    }
    let po = partitions(Set(all.map(\.origin))), pd = partitions(Set(all.map(\.destination)))
    let hasUnknownOrigin = all.contains { areas[Int($0.origin)] == .unknown }
    let hasUnknownDestination = all.contains { areas[Int($0.destination)] == .unknown }
    func isTotal(_ a: Area) -> Bool { a.level == .nation || a.level == .allOrigins }
    // A total with nothing listed under it (00999 総数 alone) is the other end of per-area figures: 不詳.
    func end(_ a: Int32, origin: Bool, year: Int) -> Area {
      let area = areas[Int(a)]
      let leaves = origin ? po[year]!.leaf : pd[year]!.leaf
      if isTotal(area) && leaves.contains(a) && !(origin ? hasUnknownOrigin : hasUnknownDestination) { return .unknown }
      return area
    }

    struct CellKey: Hashable { var scope: UInt8; var period: Int32; var sex: Int; var o: Int32; var d: Int32 }
    var byCell: [CellKey: (value: Int64?, line: Int32)] = [:]
    for e in all {
      byCell[CellKey(scope: e.scope, period: e.period, sex: e.sex, o: e.origin, d: e.destination)] = (e.value, e.line)
    }
    var leafBuilder = FlowBuilder(file: file, boundary: boundary)
    // (scope, period, sex, the other end, whether the total is the origin, the total's value)
    var statedRaw: [(UInt8, Int32, Int, Int32, Bool, Int64)] = []
    var insideValues = 0, grandTotals = 0, groupValues = 0
    var insideAreas = Set<Int32>(), groupAreas = Set<Int32>()
    var allPrefectures = true
    for e in all {
      let year = periods[Int(e.period)].year
      let (o, d) = (po[year]!, pd[year]!)
      let (oLeaf, dLeaf) = (o.leaf.contains(e.origin), d.leaf.contains(e.destination))
      let scope = PopulationScope.allCases[Int(e.scope)], sex = Sex(rawValue: e.sex)!
      guard oLeaf && dLeaf else {
        let oTotal = !oLeaf && isTotal(areas[Int(e.origin)]), dTotal = !dLeaf && isTotal(areas[Int(e.destination)])
        if let v = e.value, oTotal != dTotal, oTotal ? dLeaf : oLeaf {
          statedRaw.append((e.scope, e.period, e.sex, oTotal ? e.destination : e.origin, oTotal, v))
        }
        let oInside = o.partition.inside.contains { o.index[$0.area] == e.origin }
        let dInside = d.partition.inside.contains { d.index[$0.area] == e.destination }
        let oGroup = o.partition.groups.contains { o.index[$0.area] == e.origin }
        let dGroup = d.partition.groups.contains { d.index[$0.area] == e.destination }
        if oGroup || dGroup {
          groupValues += 1
          groupAreas.insert(oGroup ? e.origin : e.destination)
        } else if oInside || dInside {
          insideValues += 1
          if oInside { insideAreas.insert(e.origin) }
          if dInside { insideAreas.insert(e.destination) }
        } else if !oLeaf && !dLeaf {
          grandTotals += 1
        }
        continue
      }
      let oa = end(e.origin, origin: true, year: year), da = end(e.destination, origin: false, year: year)
      for a in [oa, da] where a.level != .prefecture && a.level != .unknown { allPrefectures = false }
      let oi = leafBuilder.area(oa), di = leafBuilder.area(da), p = leafBuilder.period(periods[Int(e.period)])
      // The entries are distinct keys already; adding cannot find a duplicate.
      if let v = e.value {
        try? leafBuilder.add(scope: scope, period: p, sex: sex, origin: oi, destination: di, count: v, line: Int(e.line), column: 0)
      } else {
        try? leafBuilder.addMarker(scope: scope, period: p, sex: sex, origin: oi, destination: di, line: Int(e.line), column: 0)
      }
    }
    for l in givenLayers() {
      leafBuilder.give(scope: PopulationScope.allCases[Int(l.scope)], period: leafBuilder.period(periods[Int(l.period)]),
                       sex: Sex(rawValue: l.sex)!)
    }
    leafBuilder.boundary = allPrefectures ? .prefecture : .municipality

    // Aggregates on either side against the sum of their leaves, the other end a leaf.
    var checked = 0, leftOut = 0, includes = 0, partialDiffers = 0
    var incompleteSide = [false, false]
    let unknownOrigin = po.values.first?.index[.unknown], unknownDestination = pd.values.first?.index[.unknown]
    for (key, (value, line)) in byCell {
      guard let total = value else { continue }
      let year = periods[Int(key.period)].year
      for side in 0..<2 {
        let (mine, other) = side == 0 ? (po[year]!, pd[year]!) : (pd[year]!, po[year]!)
        let a = side == 0 ? key.o : key.d, b = side == 0 ? key.d : key.o
        guard other.leaf.contains(b),
          let agg = mine.partition.aggregates.first(where: { mine.index[$0.area] == a })
            ?? mine.partition.groups.first(where: { mine.index[$0.area] == a && $0.parts != nil }).map({ ($0.area, $0.parts!, true) })
        else { continue }
        var sum: Int64 = 0, lines: [Int32] = [line], complete = true
        func cell(_ x: Int32) -> CellKey {
          side == 0 ? CellKey(scope: key.scope, period: key.period, sex: key.sex, o: x, d: b)
            : CellKey(scope: key.scope, period: key.period, sex: key.sex, o: b, d: x)
        }
        for leaf in agg.leaves {
          // Moves inside one area are not moves: the diagonal (`-`, 定義上該当数値がない) adds nothing.
          guard let li = mine.index[leaf], li != b else { continue }
          guard let (pv, pl) = byCell[cell(li)] else { continue }  // not listed: no moves
          guard let pv else { complete = false; break }
          sum += pv
          lines.append(pl)
        }
        guard complete else { continue }
        let unknownPart = isTotal(agg.area) ? (side == 0 ? unknownOrigin : unknownDestination).flatMap { byCell[cell($0)]?.value ?? nil } : nil
        checked += 1
        if total == sum {
          // The parts of a total do not include 不詳: equal to them, it leaves 不詳 out (where 不詳 has moves).
          if let u = unknownPart, u != 0 { leftOut += 1 }
          continue
        }
        if let u = unknownPart, u != 0, total == sum + u { includes += 1; continue }
        if !agg.complete {
          partialDiffers += 1
          incompleteSide[side] = true
          continue
        }
        let ls = Set(lines).sorted()
        let scope = PopulationScope.allCases[Int(key.scope)]
        let what = "\(periods[Int(key.period)]) \(scope) \(Sex(rawValue: key.sex)!.label) \(side == 0 ? "→" : "from") \(areas[Int(b)].codeText) \(areas[Int(b)].name)"
        r.warnings.append((Int(line), "line \(line): \(agg.area.codeText) \(agg.area.name) \(total) ≠ \(sum), the sum of its \(agg.leaves.count) parts (\(what)); difference \(total - sum); lines \(ls.prefix(6).map(String.init).joined(separator: ", "))\(ls.count > 6 ? " …" : "")"))
      }
    }
    if checked > 0 {
      r.notes.append("\(checked) value\(checked == 1 ? "" : "s") of aggregates (総数, 全国, 郡, 市部 …) checked against the sum of their listed parts, not stored")
    }
    if includes > 0 { r.notes.append("the 総数 includes 移動前の住所地不詳 (\(includes) value\(includes == 1 ? "" : "s"))") }
    if leftOut > 0 {
      r.notes.append("the 総数 leaves out 移動前の住所地不詳: \(leftOut) value\(leftOut == 1 ? "" : "s") equal the sum of the areas without it (不詳 kept as its own end)")
    }
    if partialDiffers > 0 {
      r.notes.append("\(partialDiffers) 総数 value\(partialDiffers == 1 ? " is" : "s are") not the sum of the areas the table lists (it lists only some of the parts): kept as the table's own figure\(partialDiffers == 1 ? "" : "s")")
    }
    if grandTotals > 0 { r.notes.append("\(grandTotals) grand total value\(grandTotals == 1 ? "" : "s") (a total or aggregate at both ends, such as 総数 → 全国) not stored") }
    if groupValues > 0 {
      let names = groupAreas.sorted { areas[Int($0)] < areas[Int($1)] }.map { areas[Int($0)].name }
      r.notes.append("\(groupValues) values of \(names.joined(separator: ", ")) (groups beside the areas they are made of) checked where their members are listed, never added")
    }
    if insideValues > 0 {
      let names = insideAreas.sorted { areas[Int($0)] < areas[Int($1)] }.map { areas[Int($0)].name }
      r.notes.append("\(insideValues) values of \(insideAreas.count) areas inside a listed area (\(names.prefix(4).joined(separator: ", "))\(names.count > 4 ? " …" : "")) kept apart: they are parts of figures already counted")
    }
    r.warnings += leafBuilder.totalMismatches()

    // A total states the other end's margin; a total that leaves out 不詳 states it without the 不詳 moves, which
    // the margin includes.
    var stated: [UInt8: [FlowTable.Stated]] = [:]
    let addUnknown = leftOut > 0 && includes == 0
    for (scope, period, sex, other, totalIsOrigin, v) in statedRaw {
      let year = periods[Int(period)].year
      var value = v
      if addUnknown, let u = totalIsOrigin ? unknownOrigin : unknownDestination {
        let c = totalIsOrigin ? CellKey(scope: scope, period: period, sex: sex, o: u, d: other)
          : CellKey(scope: scope, period: period, sex: sex, o: other, d: u)
        value += (byCell[c]?.value ?? nil) ?? 0
      }
      let area = totalIsOrigin ? end(other, origin: false, year: year) : end(other, origin: true, year: year)
      stated[scope, default: []].append(FlowTable.Stated(period: periods[Int(period)], sex: Sex(rawValue: sex)!, area: area,
                                                         figure: totalIsOrigin ? .inflow : .outflow, value: value))
    }

    var tables = leafBuilder.build()
    for (i, t) in tables.enumerated() {
      let year = t.periods.first?.year ?? 0
      guard let o = po[year], let d = pd[year] else { continue }
      // A side is complete with a total (全国, 00999 総数; alone it is the other end, 不詳), or when its leaves make
      // up the whole country.
      func complete(_ p: AreaPartition) -> Bool {
        p.aggregates.contains { isTotal($0.area) } || p.leaves.contains { isTotal($0) }
          || AreaPartition.covers(p.leaves, .nation, year: year)
      }
      let square = Set(o.partition.leaves) == Set(d.partition.leaves)
      let originsComplete = (square || complete(o.partition)) && !incompleteSide[0]
      let destinationsComplete = (square || complete(d.partition)) && !incompleteSide[1]
      let originSet = Set(o.partition.leaves.map { end(o.index[$0]!, origin: true, year: year) })
      let destinationSet = Set(d.partition.leaves.map { end(d.index[$0]!, origin: false, year: year) })
      var table = t
      table.stated = (stated[UInt8(t.scope.order)] ?? []).filter { t.areas.contains($0.area) }
      let statedIn = Set(table.stated.filter { $0.figure == .inflow }.map(\.area))
      let statedOut = Set(table.stated.filter { $0.figure == .outflow }.map(\.area))
      // A stated margin is the figure; the cells' sum is the figure only where the other side is complete.
      table.inflowKnown = t.areas.map { a in statedIn.contains(a) ? false : originsComplete && destinationSet.contains(a) }
      table.outflowKnown = t.areas.map { a in statedOut.contains(a) ? false : destinationsComplete && originSet.contains(a) }
      tables[i] = table
    }
    return (tables, r)
  }
}
