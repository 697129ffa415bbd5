import IdouCore
import IdouProjection

/// The months a use case works on: a calendar year and its months 1…`through`.
public struct YearMonths: Sendable, Equatable, CustomStringConvertible {
  public var year: Int
  public var through: Int

  public init(year: Int, through: Int) {
    self.year = year
    self.through = through
  }

  /// `2025-01…2025-09`.
  public var description: String { "\(Period(year: year, month: 1)!)…\(Period(year: year, month: through)!)" }
}

/// The one place that resolves area, year and months for every command (docs/ARCHITECTURE.md §6).
///
/// - the year defaults to the latest year the data has a month of (with `through` given, the latest year that has
///   months 1…`through`);
/// - `through` defaults to the latest month M such that the data has months 1…M of the year (as `table` does);
/// - errors say which areas, years and months the data has.
extension MigrationData {
  /// Resolves year and months against the totals of the areas (all when empty).
  /// - Throws: ``AnalysisError/noSuchYear(_:have:)`` or ``AnalysisError/noSuchMonths(year:through:have:)``.
  public func resolve(year: Int?, through: Int?, areas: [Area] = []) throws(AnalysisError) -> YearMonths {
    try totals(areas).resolve(year: year, through: through)
  }

  /// As ``MonthlyPanel/resolveForProjection(year:through:)`` on the totals of the areas (all when empty).
  public func resolveForProjection(year: Int?, through: Int?, areas: [Area] = []) throws(AnalysisError) -> YearMonths {
    try totals(areas).resolveForProjection(year: year, through: through)
  }

  /// The areas asked for: ``MigrationData/defaultAreas`` (sorted by code) when none is.
  /// - Throws: ``AnalysisError/noSuchArea(_:have:)`` naming what the data has.
  public func resolveAreas(_ wanted: [Area]) throws(AnalysisError) -> [Area] {
    guard !wanted.isEmpty else { return defaultAreas }
    var out: [Area] = []
    for w in wanted {
      guard let a = area(w) else {
        let have = areas.count > 6
          ? "\(areas.count) areas, \(areas.first!.description)…\(areas.last!.description)"
          : areas.map(\.description).joined(separator: ", ")
        throw AnalysisError.noSuchArea(w.description, have: have)
      }
      out.append(a)
    }
    return out
  }
}

extension MonthlyPanel {
  /// The latest M such that months 1…M of `year` are present (0 when January is absent).
  public func monthsFromJanuary(year: Int) -> Int {
    var m = 0
    while m < 12 && has(year: year, month: m + 1) { m += 1 }
    return m
  }

  /// Resolves year and months for a projection: as ``resolve(year:through:)``, and a year the data has in full
  /// needs an explicit `through` 1…11 (the projection is then compared with the actual year).
  /// - Throws: ``AnalysisError/yearIsComplete(_:)``, and as ``resolve(year:through:)``.
  public func resolveForProjection(year: Int?, through: Int?) throws(AnalysisError) -> YearMonths {
    let r = try resolve(year: year, through: through)
    if through == nil && r.through == 12 { throw AnalysisError.yearIsComplete(r.year) }
    return r
  }

  /// Resolves year and months: the year defaults to the latest with a month, `through` to the latest M with
  /// months 1…M (see ``MigrationData``).
  public func resolve(year: Int?, through: Int?) throws(AnalysisError) -> YearMonths {
    let y: Int
    if let year {
      guard years.contains(where: { $0 == year }), (1...12).contains(where: { has(year: year, month: $0) }) else {
        throw AnalysisError.noSuchYear(year, have: coverage)
      }
      y = year
    } else if let m = through, (1...12).contains(m) {
      // `--through M` alone: the latest year with months 1…M.
      guard let latest = latestYear(through: m) else {
        throw AnalysisError.noData("no year has months 1…\(m) (the data has \(coverage))")
      }
      y = latest
    } else {
      guard let latest = years.reversed().first(where: { yr in (1...12).contains { has(year: yr, month: $0) } }) else {
        throw AnalysisError.noData("no month in the data (it has \(coverage))")
      }
      y = latest
    }
    let available = monthsFromJanuary(year: y)
    if let m = through {
      guard (1...12).contains(m), m <= available else {
        throw AnalysisError.noSuchMonths(year: y, through: m, have: monthsOf(year: y))
      }
      return YearMonths(year: y, through: m)
    }
    guard available > 0 else { throw AnalysisError.noSuchMonths(year: y, through: 1, have: monthsOf(year: y)) }
    return YearMonths(year: y, through: available)
  }

  /// The months of one year as ranges: `2026-01…2026-07`, or `none`.
  public func monthsOf(year: Int) -> String {
    let ms = (1...12).filter { has(year: year, month: $0) }.compactMap { Period(year: year, month: $0) }
    return ms.isEmpty ? "no month of \(year); \(coverage)" : Self.ranges(ms)
  }

  /// What the panel covers: `months 2013-07…2026-07; annual totals 2014…2025`.
  public var coverage: String {
    var parts: [String] = []
    let ms = years.flatMap { y in (1...12).compactMap { has(year: y, month: $0) ? Period(year: y, month: $0) : nil } }
    if !ms.isEmpty { parts.append("months " + Self.ranges(ms)) }
    let annual = years.filter { hasAnnual(year: $0) }
    if let f = annual.first, let l = annual.last {
      parts.append("annual totals " + (f == l ? "\(f)" : annual.count == l - f + 1 ? "\(f)…\(l)" : annual.map(String.init).joined(separator: ", ")))
    }
    return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
  }

  /// Consecutive months as `a…b` ranges, comma-separated.
  static func ranges(_ months: [Period]) -> String {
    var out: [String] = []
    var start = months[0], prev = months[0]
    func next(_ p: Period) -> Period { p.month == 12 ? Period(year: p.year + 1, month: 1)! : Period(year: p.year, month: p.month + 1)! }
    for p in months.dropFirst() {
      if p == next(prev) { prev = p; continue }
      out.append(start == prev ? "\(start)" : "\(start)…\(prev)")
      start = p
      prev = p
    }
    out.append(start == prev ? "\(start)" : "\(start)…\(prev)")
    return out.joined(separator: ", ")
  }
}
