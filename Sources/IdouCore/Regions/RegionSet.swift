/// A named set of regions (groups of areas), used to group origins and destinations: 三大都市圏, a prefecture's
/// report set (東京圏, 大阪圏, 福岡県), a 地方区分.
///
/// Groups may overlap (三大都市圏 contains 東京圏). An area belongs to a group when the group lists its code, or,
/// for a municipality, its prefecture's code.
public struct RegionSet: Hashable, Sendable {
  /// One group of a set: a code (`tokyo-area`), a name (東京圏) and the area codes it holds.
  public struct Group: Hashable, Sendable {
    public let code: String
    public let name: String
    public let members: Set<String>

    public init(code: String, name: String, members: Set<String>) {
      self.code = code
      self.name = name
      self.members = members
    }

    /// Whether the group holds the area: directly, as the prefecture of a municipality, or because the area is
    /// this group itself as an aggregate (a region-kind area with the group's code, as a counterpart table's
    /// 東京圏 column is).
    public func contains(_ area: Area) -> Bool {
      if members.contains(area.code) { return true }
      switch area.kind {
      case .municipality: return members.contains(String(area.code.prefix(2)))
      case .region: return area.code == code
      default: return false
      }
    }

    public var area: Area { Area(code: code, name: name, kind: .region) }
  }

  public let id: String
  public let name: String
  public let groups: [Group]

  public init(id: String, name: String, groups: [Group]) {
    self.id = id
    self.name = name
    self.groups = groups
  }

  // MARK: Built-in sets

  static func codes(_ c: [Int]) -> Set<String> { Set(c.map { Prefecture(code: $0)!.codeString }) }
  static let tokyo = codes([11, 12, 13, 14])
  static let nagoya = codes([21, 23, 24])
  static let osaka = codes([26, 27, 28, 29])

  /// 東京圏 = 埼玉・千葉・東京・神奈川 (11, 12, 13, 14).
  public static let tokyoArea = Group(code: "tokyo-area", name: "東京圏", members: tokyo)
  /// 名古屋圏 = 岐阜・愛知・三重 (21, 23, 24).
  public static let nagoyaArea = Group(code: "nagoya-area", name: "名古屋圏", members: nagoya)
  /// 大阪圏 = 京都・大阪・兵庫・奈良 (26, 27, 28, 29).
  public static let osakaArea = Group(code: "osaka-area", name: "大阪圏", members: osaka)
  /// 三大都市圏 = 東京圏 ∪ 名古屋圏 ∪ 大阪圏.
  public static let threeMetropolitanAreas = Group(
    code: "metro-total", name: "三大都市圏", members: tokyo.union(nagoya).union(osaka))
  /// 地方圏: every prefecture outside the 三大都市圏.
  public static let nonMetropolitanArea = Group(
    code: "non-metro", name: "地方圏",
    members: Set(Prefecture.all.map(\.codeString)).subtracting(threeMetropolitanAreas.members))

  /// The built-in set `three-metro`: 東京圏, 名古屋圏, 大阪圏, 三大都市圏 and 地方圏 (overlapping groups).
  public static let metropolitan = RegionSet(
    id: "three-metro", name: "三大都市圏",
    groups: [tokyoArea, nagoyaArea, osakaArea, threeMetropolitanAreas, nonMetropolitanArea])

  /// The built-in sets by id. Each group also resolves as a one-group set by its own code (`tokyo-area`).
  public static let builtIn: [String: RegionSet] = {
    var sets = ["three-metro": metropolitan, "三大都市圏": metropolitan]
    for g in metropolitan.groups {
      let one = RegionSet(id: g.code, name: g.name, groups: [g])
      if sets[g.code] == nil { sets[g.code] = one }
      if sets[g.name] == nil { sets[g.name] = one }
    }
    return sets
  }()

  // MARK: Region-set files

  /// Parses a region-set file: CSV lines `area,group,group_name` after an optional header, where `area` is a
  /// prefecture (`40`, `福岡県`) or municipal code; `#` starts a comment; `# name: …` names the set. A group's
  /// order is the order it first appears in.
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
    var members: [String: Set<String>] = [:]
    var lineNumber = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      let line = raw.trimmingWhitespace()
      if line.isEmpty { continue }
      if line.hasPrefix("#") {
        let comment = line.dropFirst().trimmingWhitespace()
        if comment.hasPrefix("name:") { name = comment.dropFirst(5).trimmingWhitespace() }
        continue
      }
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      if lineNumber <= 2 && fields.first == "area" { continue }
      guard fields.count == 3 else {
        throw DataError(file: file, line: lineNumber, column: 1,
                        reason: "expected 3 fields area,group,group_name, found \(fields.count)")
      }
      let areaCode: String
      if let p = try? Area.prefecture(parsing: fields[0]) {
        areaCode = p.codeString
      } else if let m = try? MunicipalCode(parsing: fields[0]) {
        areaCode = m.fiveDigits
      } else {
        throw DataError(file: file, line: lineNumber, column: 1,
                        reason: "unknown area '\(fields[0])' (expected a prefecture or municipal code)")
      }
      guard !fields[1].isEmpty else {
        throw DataError(file: file, line: lineNumber, column: 2, reason: "empty group code")
      }
      if members[fields[1]] == nil { order.append(fields[1]) }
      members[fields[1], default: []].insert(areaCode)
      if names[fields[1]] == nil { names[fields[1]] = fields[2].isEmpty ? fields[1] : fields[2] }
    }
    guard !order.isEmpty else {
      throw DataError(file: file, line: max(lineNumber, 1), column: 1, reason: "region set has no groups")
    }
    self.init(id: id, name: name, groups: order.map { Group(code: $0, name: names[$0]!, members: members[$0]!) })
  }
}
