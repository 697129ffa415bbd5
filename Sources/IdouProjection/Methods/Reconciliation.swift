import IdouCore

/// Which figures a table of projections shows for a total and its parts (DESIGN §5).
///
/// Projections of parts (男 and 女; each counterpart) do not add up to the projection of the total: the ratio of
/// a sum is not the sum of the ratios. A table therefore says which view it shows.
public enum ProjectionView: String, CaseIterable, Sendable, CustomStringConvertible {
  /// Every series projected on its own: the total is the total's own projection; the parts need not add up to it.
  case direct
  /// Bottom-up: the parts are projected on their own and the total is their sum, so the parts add up exactly.
  case reconciled

  /// The sentence a table prints to say which view it shows.
  public var statement: String {
    switch self {
    case .direct:
      "view: direct — each row projected on its own; the parts need not add up to the total's projection"
    case .reconciled:
      "view: reconciled (bottom-up) — the total is the sum of the projected parts, which add up exactly"
    }
  }

  public var description: String { rawValue }
}

/// How a total splits into parts.
public enum ReconciliationAxis: String, Hashable, Sendable {
  /// 総数 = 男 + 女.
  case sex
  /// 全国計 = Σ counterpart groups (they must not overlap and must cover every area).
  case counterpart
}

extension Projection {
  /// The keys of the parts of a total along one or both axes: its 男 and 女 (when `axes` holds `.sex`) and its
  /// counterpart groups (when `axes` holds `.counterpart`), of the same area.
  public func parts(of total: SeriesKey, by axes: Set<ReconciliationAxis>) -> [SeriesKey] {
    keys.filter { k in
      k.area == total.area
        && (axes.contains(.sex) ? total.sex == .total && k.sex != .total : k.sex == total.sex)
        && (axes.contains(.counterpart) ? total.counterpart == nil && k.counterpart != nil
          : k.counterpart == total.counterpart)
    }
  }

  /// The bottom-up view of a total along one axis; see ``reconciled(_:from:)``.
  public func reconciled(_ total: SeriesKey, by axis: ReconciliationAxis) throws(ProjectionError)
    -> (total: SeriesProjection, parts: [SeriesProjection])
  {
    try reconciled(total, from: parts(of: total, by: [axis]))
  }

  /// The bottom-up view of a total: its parts projected on their own and the total as their sum, so that every
  /// figure of the parts adds up exactly to the total's (in persons).
  ///
  /// The sum has no single ratio (`ratio` is `nil` on the reconciled total).
  ///
  /// - Parameters:
  ///   - total: the series whose figures are replaced by the sum of its parts.
  ///   - parts: series that partition it (男 and 女; counterpart groups; or both, 男 and 女 of every group).
  /// - Throws: ``ProjectionError/partsDoNotAddUp(_:)`` when there are no parts or the parts' data (months to date,
  ///   last year) do not sum to the total's, as with overlapping counterpart groups (三大都市圏 and 東京圏); and the
  ///   errors of ``series(_:)-(SeriesKey)``.
  public func reconciled(_ total: SeriesKey, from keys: [SeriesKey]) throws(ProjectionError)
    -> (total: SeriesProjection, parts: [SeriesProjection])
  {
    let direct = try series(total)
    guard !keys.isEmpty else { throw ProjectionError.partsDoNotAddUp("\(total) has no parts in the data") }
    var parts: [SeriesProjection] = []
    for k in keys { parts.append(try series(k)) }
    func add(_ d: Direction) throws(ProjectionError) -> SeriesProjection.Figures {
      let figures = parts.map { d == .in ? $0.in : $0.out }
      let whole = d == .in ? direct.in : direct.out
      var sum = SeriesProjection.Figures(
        toDate: 0, lastYearToDate: 0, ratio: nil, lastYearRemainder: 0, projectedRemainder: 0, annual: 0,
        exactRemainder: 0)
      for f in figures {
        sum.toDate += f.toDate
        sum.lastYearToDate += f.lastYearToDate
        sum.lastYearRemainder += f.lastYearRemainder
        sum.projectedRemainder += f.projectedRemainder
        sum.annual += f.annual
        sum.exactRemainder += f.exactRemainder
      }
      guard sum.toDate == whole.toDate, sum.lastYearToDate == whole.lastYearToDate,
        sum.lastYearRemainder == whole.lastYearRemainder
      else {
        throw ProjectionError.partsDoNotAddUp(
          "\(total.describe(d)): its \(parts.count) parts give \(sum.toDate) to date and "
            + "\(sum.lastYearToDate + sum.lastYearRemainder) last year, the total \(whole.toDate) and "
            + "\(whole.lastYearToDate + whole.lastYearRemainder) (overlapping or incomplete groups?)")
      }
      return sum
    }
    return (SeriesProjection(key: total, in: try add(.in), out: try add(.out),
                             netAnnual: parts.reduce(0) { $0 + $1.net.annual }), parts)
  }
}
