import IdouCore

/// 転入 (in), 転出 (out) and 転入超過 (net = in − out) per month × area × sex: what `idou aggregate` prints.
///
/// In = moves into the area from another area; out = moves from it to another area. Rows are sorted by month,
/// area, sex, and list every month × area × sex with at least one move; sex is 男 (1) or 女 (2).
public struct MoveTable: Sendable, Equatable {
  public struct Row: Sendable, Equatable {
    public var period: Period
    /// Prefecture code (2 digits) or five-digit municipal code.
    public var area: String
    public var sex: Sex
    public var inflow: Int64
    public var outflow: Int64
    public var net: Int64 { inflow - outflow }

    public init(period: Period, area: String, sex: Sex, inflow: Int64, outflow: Int64) {
      self.period = period
      self.area = area
      self.sex = sex
      self.inflow = inflow
      self.outflow = outflow
    }
  }

  public var level: MoveRecordReader.Level
  public var rows: [Row]

  public init(level: MoveRecordReader.Level, rows: [Row]) {
    self.level = level
    self.rows = rows
  }

  /// The table of a prefecture-level cube with sexes 男 and 女 (or any square cube of prefectures).
  public init(prefectureCube cube: MigrationCube) throws {
    let margins = try cube.margins()
    var rows: [Row] = []
    for p in margins.periods.indices {
      for (ai, area) in margins.areas.enumerated() {
        for sex in [Sex.male, .female] {
          guard let s = margins.sexIndex(sex) else { continue }
          // A cube's margins are all present.
          let i = margins.inflow(period: p, sex: s, area: ai)!, o = margins.outflow(period: p, sex: s, area: ai)!
          if i != 0 || o != 0 {
            rows.append(Row(period: margins.periods[p], area: area.codeText, sex: sex, inflow: i, outflow: o))
          }
        }
      }
    }
    self.init(level: .prefecture, rows: rows)
  }

  /// `month,area,sex,in,out,net`, one line per row (RFC 4180, LF).
  public var csv: String {
    var out = "month,area,sex,in,out,net\n"
    out.reserveCapacity(rows.count * 32)
    for r in rows {
      out += "\(r.period),\(r.area),\(r.sex.rawValue),\(r.inflow),\(r.outflow),\(r.net)\n"
    }
    return out
  }

  /// Σ 転入 and Σ 転出 over all rows: equal for domestic moves (national 転入 = national 転出).
  public var totals: (inflow: Int64, outflow: Int64) {
    rows.reduce((0, 0)) { ($0.0 + $1.inflow, $0.1 + $1.outflow) }
  }
}

extension MoveTable {
  /// Several tables added up (records from several files): in and out summed per month × area × sex, re-sorted.
  public init(merging tables: [MoveTable]) {
    guard tables.count != 1 else {
      self = tables[0]
      return
    }
    struct Key: Hashable, Comparable {
      var period: Period, area: String, sex: Sex
      static func < (a: Key, b: Key) -> Bool {
        (a.period, a.area, a.sex.rawValue) < (b.period, b.area, b.sex.rawValue)
      }
    }
    var sums: [Key: (Int64, Int64)] = [:]
    for t in tables {
      for r in t.rows {
        let k = Key(period: r.period, area: r.area, sex: r.sex)
        let v = sums[k] ?? (0, 0)
        sums[k] = (v.0 + r.inflow, v.1 + r.outflow)
      }
    }
    let rows = sums.keys.sorted().map { k in
      Row(period: k.period, area: k.area, sex: k.sex, inflow: sums[k]!.0, outflow: sums[k]!.1)
    }
    self.init(level: tables.first?.level ?? .prefecture, rows: rows)
  }
}
