/// A chart's figures as a table, so that a workbook carries the numbers behind every chart (a sheet per chart):
/// the categories as rows, a column per series, the interval of an estimate in columns of its own.
extension BarChart {
  public var dataTable: Table {
    var columns = [Table.Column(key: "category", title: "区分")]
    columns += series.map { Table.Column(key: $0.name, title: $0.name, rightAligned: true, kind: .figure) }
    let withIntervals = series.filter { !$0.intervals.isEmpty }
    for s in withIntervals {
      columns.append(.init(key: s.name + "_low", title: "\(s.name) \(intervalLabel) 下限", rightAligned: true))
      columns.append(.init(key: s.name + "_high", title: "\(s.name) \(intervalLabel) 上限", rightAligned: true))
    }
    var t = Table(columns: columns, title: title)
    for (i, c) in categories.enumerated() {
      let label = estimates.contains(i) ? c + "（推計）" : c
      var values: [Table.Value] = [.text(label)]
      var display = [label]
      for s in series {
        let v = i < s.values.count ? s.values[i] : nil
        values.append(v.map { .integer(Int64($0.rounded())) } ?? .null)
        display.append(v.map { style.label($0) } ?? MonthlyTable.missingMark)
      }
      for s in withIntervals {
        let r = s.intervals[i]
        values += [r.map { .integer(Int64($0.lowerBound.rounded())) } ?? .null, r.map { .integer(Int64($0.upperBound.rounded())) } ?? .null]
        display += [r.map { style.label($0.lowerBound) } ?? "", r.map { style.label($0.upperBound) } ?? ""]
      }
      t.append(display: display, values: values)
    }
    t.unit = unit
    t.footnotes = (subtitle.map { [$0] } ?? []) + notes
    t.source = style.source
    return t
  }
}

extension LineChart {
  public var dataTable: Table {
    var t = Table(
      columns: [Table.Column(key: "category", title: "区分")]
        + series.map { Table.Column(key: $0.name, title: $0.name, rightAligned: true, kind: .figure) },
      title: title)
    for (i, c) in categories.enumerated() {
      let vs = series.map { i < $0.values.count ? $0.values[i] : nil }
      t.append(display: [c] + vs.map { $0.map { style.label($0) } ?? MonthlyTable.missingMark },
               values: [.text(c)] + vs.map { $0.map { .integer(Int64($0.rounded())) } ?? .null })
    }
    t.unit = unit
    t.footnotes = (subtitle.map { [$0] } ?? []) + notes
    t.source = style.source
    return t
  }
}

/// A drawn chart of either kind: its SVG and the table of its figures.
public enum ChartFigure: Sendable {
  case bar(BarChart)
  case line(LineChart)

  public func svg() -> SVGDocument {
    switch self {
    case .bar(let c): c.svg()
    case .line(let c): c.svg()
    }
  }

  public var dataTable: Table {
    switch self {
    case .bar(let c): c.dataTable
    case .line(let c): c.dataTable
    }
  }
}
