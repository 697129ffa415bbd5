extension MigrationReport {
  /// The report as a workbook: the summary sentences, every table of the report, and the figures behind each
  /// chart — a sheet each, every figure a number, the source line on every sheet.
  public func document() -> Document {
    let report = build()
    var sheets: [Table] = []
    var sentences = Table(columns: [.init(key: "sentence", title: "概況")], title: report.title)
    for section in report.sections {
      for block in section.blocks {
        switch block {
        case .paragraph(let text), .note(let text):
          sentences.append(display: [text], values: [.text(text)])
        case .table(var t):
          if t.sheetName == nil { t.sheetName = section.heading }
          if t.title == nil { t.title = section.heading }
          sheets.append(t)
        case .figures, .chart:
          break  // the figures are in the tables; the charts' figures follow
        }
      }
    }
    sentences.sheetName = "概況"
    sentences.unit = ""
    for case .success(let figure) in ChartKind.reportKinds.map({ ReportCharts.figure($0, figures, source: source) }) {
      var t = figure.dataTable
      t.sheetName = "図 " + (t.title ?? "")
      sheets.append(t)
    }
    return Document(tables: [sentences] + sheets, title: report.title, source: source)
  }
}
