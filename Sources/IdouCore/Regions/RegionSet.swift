/// A named set of regions (groups of areas), used to group origins and destinations: 三大都市圏, a prefecture's
/// report set (東京圏, 大阪圏, 福岡県), a 地方区分.
///
/// Groups may overlap (三大都市圏 contains 東京圏). An area belongs to a group when the group lists its code, or,
/// for a municipality, its prefecture's code.
public struct RegionSet: Hashable, Sendable {
  /// One group of a set: the area it stands for (東京圏 `51000`, 福岡県, or a group no code names, such as 地方圏
  /// or a user's 九州) and the codes it holds (prefectures `XX000` or municipalities).
  public struct Group: Hashable, Sendable {
    public let area: Area
    public let members: Set<AreaCode>
    /// The first year a member counts, for members that joined later (熊本市 from 2012 among the 大都市); members
    /// not listed always count. ``RegionSet/inForce(year:)`` applies it.
    public let since: [AreaCode: Int]

    public init(area: Area, members: Set<AreaCode>, since: [AreaCode: Int] = [:]) {
      self.area = area
      self.members = members
      self.since = since
    }

    public var name: String { area.name }

    /// Whether the group holds the area: directly, as the prefecture an area inside a prefecture lies in, as an
    /// area inside a member (the wards of 横浜市 when the group holds 14100, of 特別区部 when it holds 13100), or
    /// because the area is this group itself (a counterpart table's 東京圏 column).
    public func contains(_ other: Area) -> Bool {
      if other == area { return true }
      guard let c = other.code else { return false }
      if members.contains(c) { return true }
      if other.level.isInsidePrefecture, let p = c.prefecture, members.contains(AreaCode(prefecture: p)) { return true }
      // Inside a member: a ward in its city (横浜市's wards, 特別区部's), a town in its 郡.
      var up = AreaCatalog.standard.parent(of: c)
      while let p = up, p != .nation {
        if members.contains(p) { return true }
        up = AreaCatalog.standard.parent(of: p)
      }
      return false
    }
  }

  public let id: String
  public let name: String
  public let groups: [Group]
  /// A row the set's tables end with: the plain sum of its groups' rows (21大都市計 = 特別区部 + the 政令市, as
  /// e-Stat sums them, each city with its own boundary), `nil` for none. Not a group: moves between two groups
  /// stay in it.
  public let total: Area?

  public init(id: String, name: String, groups: [Group], total: Area? = nil) {
    self.id = id
    self.name = name
    self.groups = groups
    self.total = total
  }

  /// The set as it stood in `year`: members counted from their ``Group/since`` year on, groups without a member
  /// left out; a 大都市 total is named as that year's (20大都市計 00415 before 2012, 21大都市計 00416 from then).
  ///
  /// ```swift
  /// try RegionSet.named("21-cities").inForce(year: 2011).groups.count   // 20 (熊本市 from 2012)
  /// ```
  public func inForce(year: Int) -> RegionSet {
    let kept = groups.compactMap { g -> Group? in
      let members = g.members.filter { (g.since[$0] ?? Int.min) <= year }
      guard !members.isEmpty else { return nil }
      return Group(area: g.area, members: members, since: g.since)
    }
    var total = self.total
    if let t = total, t.level == .cityGroup {
      total = AreaCatalog.standard.area(AreaCatalog.standard.cityGroup(year: year))
    }
    return RegionSet(id: id, name: name, groups: kept, total: total)
  }

  // MARK: Built-in sets

  static func prefectures(_ c: [Int]) -> Set<AreaCode> { Set(c.map { AreaCode(prefecture: Prefecture(code: $0)!) }) }
  static func members(_ group: AreaCode) -> Set<AreaCode> {
    prefectures(AreaCatalog.metropolitanMembers.first { $0.0 == group }!.1)
  }

  /// 東京圏 `51000` = 埼玉・千葉・東京・神奈川 (11, 12, 13, 14).
  public static let tokyoArea = Group(area: .tokyoArea, members: members(.tokyoArea))
  /// 名古屋圏 `52000` = 岐阜・愛知・三重 (21, 23, 24).
  public static let nagoyaArea = Group(area: .nagoyaArea, members: members(.nagoyaArea))
  /// 大阪圏 `53000` = 京都・大阪・兵庫・奈良 (26, 27, 28, 29).
  public static let osakaArea = Group(area: .osakaArea, members: members(.osakaArea))
  /// 三大都市圏 = 東京圏 ∪ 名古屋圏 ∪ 大阪圏 (no standard code: the group `metro-total`).
  public static let threeMetropolitanAreas = Group(
    area: Area(group: "metro-total", name: "三大都市圏"),
    members: tokyoArea.members.union(nagoyaArea.members).union(osakaArea.members))
  /// 地方圏: every prefecture outside the 三大都市圏 (the group `non-metro`).
  public static let nonMetropolitanArea = Group(
    area: Area(group: "non-metro", name: "地方圏"),
    members: prefectures(Array(1...47)).subtracting(threeMetropolitanAreas.members))

  /// The built-in set `three-metro`: 東京圏, 名古屋圏, 大阪圏, 三大都市圏 and 地方圏 (overlapping groups).
  public static let metropolitan = RegionSet(
    id: "three-metro", name: "三大都市圏",
    groups: [tokyoArea, nagoyaArea, osakaArea, threeMetropolitanAreas, nonMetropolitanArea])

  /// The built-in sets by id. Each group also resolves as a one-group set by its id (`tokyo-area`, `non-metro`)
  /// and its name (東京圏).
  public static let builtIn: [String: RegionSet] = {
    var sets = ["three-metro": metropolitan, "三大都市圏": metropolitan]
    let ids: [Area: String] = [.tokyoArea: "tokyo-area", .nagoyaArea: "nagoya-area", .osakaArea: "osaka-area"]
    for g in metropolitan.groups {
      let id = ids[g.area] ?? g.area.codeText
      let one = RegionSet(id: id, name: g.name, groups: [g])
      if sets[id] == nil { sets[id] = one }
      if sets[g.name] == nil { sets[g.name] = one }
    }
    return sets
  }()

  // MARK: Region-set files

  /// Parses a region-set file: CSV lines `area,group,group_name[,from]` after an optional header, where `area` is
  /// a prefecture (`40`, `福岡県`) or municipal code and `from` the year (or date `YYYY-MM-DD`) from which the
  /// member counts; `#` starts a comment; `# name: …` names the set; `# total: CODE` ends its tables with the
  /// sum of the groups' rows (`# total: 00416` 21大都市計). A group's order is the order it first appears in.
  ///
  /// ```
  /// # name: 熊本県月報の転出入先
  /// area,group,group_name
  /// 11,tokyo-area,東京圏
  /// 40,40,福岡県
  /// ```
  /// - Throws: `DataError` with the line and column of the first line it cannot use.
  public init(parsing text: String, id: String, file: String) throws(DataError) {
    var name = id
    var order: [String] = []
    var names: [String: String] = [:]
    var members: [String: Set<AreaCode>] = [:]
    var since: [String: [AreaCode: Int]] = [:]
    var total: Area?
    var lineNumber = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let line = raw.trimmingWhitespace()
      if line.isEmpty { continue }
      if line.hasPrefix("#") {
        let comment = line.dropFirst().trimmingWhitespace()
        if comment.hasPrefix("name:") { name = comment.dropFirst(5).trimmingWhitespace() }
        if comment.hasPrefix("total:") {
          let text = comment.dropFirst(6).trimmingWhitespace()
          guard let code = AreaCode(String(text.prefix { $0 != " " })), AreaCatalog.standard.contains(code) else {
            throw DataError(file: file, line: lineNumber, column: 1,
                            reason: "'# total:' expects a standard aggregate code such as 00416, found '\(text)'")
          }
          total = AreaCatalog.standard.area(code)
        }
        continue
      }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      if order.isEmpty && fields.first == "area" { continue }  // the header, before any member
      guard fields.count == 3 || fields.count == 4 else {
        throw DataError(file: file, line: lineNumber, column: 1,
                        reason: "expected 3 or 4 fields area,group,group_name[,from], found \(fields.count)")
      }
      var from: Int? = nil
      if fields.count == 4 && !fields[3].isEmpty {
        guard fields[3].count >= 4, let y = Int(fields[3].prefix(4)), (1900...2100).contains(y),
          fields[3].count == 4 || (fields[3].count == 10 && Period(parsing: fields[3]) != nil)
        else {
          throw DataError(file: file, line: lineNumber, column: 4,
                          reason: "expected the year or date (YYYY or YYYY-MM-DD) from which the member counts, found '\(fields[3])'")
        }
        from = y
      }
      let member: Area
      do {
        member = try AreaCatalog.standard.resolve(fields[0])
      } catch {
        throw DataError(file: file, line: lineNumber, column: 1,
                        reason: "\(error) (expected a prefecture or municipal code or name)")
      }
      guard let areaCode = member.code, member.level == .prefecture || member.level.isInsidePrefecture else {
        throw DataError(file: file, line: lineNumber, column: 1,
                        reason: "'\(fields[0])' is \(member.name), not a prefecture or an area inside one")
      }
      guard !fields[1].isEmpty else {
        throw DataError(file: file, line: lineNumber, column: 2, reason: "empty group code")
      }
      if members[fields[1]] == nil { order.append(fields[1]) }
      members[fields[1], default: []].insert(areaCode)
      if let from { since[fields[1], default: [:]][areaCode] = from }
      if names[fields[1]] == nil { names[fields[1]] = fields[2].isEmpty ? fields[1] : fields[2] }
    }
    guard !order.isEmpty else {
      throw DataError(file: file, line: max(lineNumber, 1), column: 1, reason: "region set has no groups")
    }
    self.init(
      id: id, name: name,
      groups: order.map { Group.of(id: $0, name: names[$0]!, members: members[$0]!, since: since[$0] ?? [:]) },
      total: total)
  }
}

extension RegionSet.Group {
  /// A group of a region-set file as the area it is: the one prefecture or municipality it holds (`40,40,福岡県`),
  /// or the 三大都市圏 group with exactly its prefectures (`tokyo-area`: 東京圏 51000), named as the file names
  /// it; otherwise a region group keyed by its id.
  static func of(id: String, name: String, members: Set<AreaCode>, since: [AreaCode: Int] = [:]) -> RegionSet.Group {
    if members.count == 1, let only = members.first {
      let a = AreaCatalog.standard.area(only)
      return .init(area: Area(code: only, level: a.level, name: name), members: members, since: since)
    }
    for (group, prefectures) in AreaCatalog.metropolitanMembers
    where members == Set(prefectures.map { AreaCode(prefecture: Prefecture(code: $0)!) }) {
      return .init(area: Area(code: group, level: .metropolitanArea, name: name), members: members, since: since)
    }
    return .init(area: Area(group: id, name: name), members: members, since: since)
  }
}
