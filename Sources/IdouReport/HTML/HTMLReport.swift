/// A one-file HTML report: headings, paragraphs, tables and inline SVG charts, with its CSS inline and nothing
/// fetched from the network, so the file can be mailed, archived or opened offline as it is.
///
/// ```swift
/// var report = HTMLReport(title: "熊本県の人口移動 2025年1～9月")
/// report.sections.append(.init(heading: "社会増減の推移", blocks: [.chart(chart.svg())]))
/// let html = report.html
/// ```
public struct HTMLReport: Sendable {
  /// One piece of a section.
  public enum Block: Sendable {
    case paragraph(String)
    /// A table as people read it (``Table/display``), with its title and footnotes.
    case table(Table)
    case chart(SVGDocument)
    /// A highlighted remark: what is missing, what is synthetic, how a figure was made.
    case note(String)
    /// A list of key figures: label and value, e.g. 「社会増減（推計）」「▲2,400人」.
    case figures([(label: String, value: String)])
  }

  public struct Section: Sendable {
    public var heading: String
    public var blocks: [Block]

    public init(heading: String, blocks: [Block]) {
      self.heading = heading
      self.blocks = blocks
    }
  }

  public var title: String
  /// Lines under the title (area, period, data).
  public var lead: [String] = []
  /// A warning shown in a box under the title (e.g. that the figures are synthetic).
  public var banner: String?
  public var sections: [Section] = []
  /// Lines at the bottom: sources, inputs, the tool.
  public var footer: [String] = []

  public init(title: String) { self.title = title }

  static let css = """
    body{font-family:'Noto Sans CJK JP','Hiragino Sans','Hiragino Kaku Gothic ProN','Yu Gothic','IPAexGothic','IPAGothic',sans-serif;\
    color:#222;background:#f6f6f3;margin:0;padding:24px;line-height:1.6}
    main{max-width:1180px;margin:0 auto;background:#fff;padding:24px 32px;border:1px solid #ddd}
    h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-left:6px solid #2b6cb0;padding-left:8px;margin:32px 0 12px}
    p.lead{margin:0;color:#555}.banner{background:#fff4d6;border:1px solid #e0b84c;padding:8px 12px;margin:12px 0;font-weight:bold}
    .note{background:#f1f4f8;border-left:4px solid #9dbde0;padding:6px 10px;margin:8px 0;font-size:14px}
    table{border-collapse:collapse;margin:8px 0;font-size:13px;font-variant-numeric:tabular-nums}
    p.table-title{font-weight:bold;font-size:14px;margin:16px 0 0}
    th,td{border:1px solid #ccc;padding:3px 6px;white-space:nowrap}th{background:#eef2f7;font-weight:bold}
    td.num{text-align:right}td.neg{color:#b03a2e}
    .scroll{overflow-x:auto}.foot{font-size:12px;color:#555;margin:4px 0 12px}
    dl.figures{display:grid;grid-template-columns:max-content max-content;gap:4px 24px;margin:8px 0}
    dl.figures dt{color:#555}dl.figures dd{margin:0;font-weight:bold;text-align:right;font-variant-numeric:tabular-nums}
    figure{margin:16px 0}figure svg{max-width:100%;height:auto;display:block}
    footer{margin-top:32px;font-size:12px;color:#555;border-top:1px solid #ddd;padding-top:8px}
    @page{size:A4;margin:14mm 12mm}
    @media print{body{background:#fff;padding:0;font-size:10.5pt}main{max-width:none;border:none;padding:0}    h2{break-after:avoid;margin-top:18px}table,figure,dl.figures,.note{break-inside:avoid}    .scroll{overflow:visible}table{font-size:9pt}th,td{padding:2px 4px}figure svg{max-height:120mm}}
    """

  /// The whole document.
  public var html: String {
    func e(_ s: String) -> String { XMLEscaping.text(s) }
    var out = "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<title>\(e(title))</title>\n<style>\n\(HTMLReport.css)\n</style>\n</head>\n<body>\n<main>\n"
    out += "<h1>\(e(title))</h1>\n"
    for l in lead { out += "<p class=\"lead\">\(e(l))</p>\n" }
    if let banner { out += "<div class=\"banner\">\(e(banner))</div>\n" }
    for s in sections {
      out += "<section>\n<h2>\(e(s.heading))</h2>\n"
      for b in s.blocks {
        switch b {
        case .paragraph(let p): out += "<p>\(e(p))</p>\n"
        case .note(let n): out += "<div class=\"note\">\(e(n))</div>\n"
        case .table(let t): out += t.html
        case .chart(let svg): out += "<figure>\n" + svg.inlineXML + "\n</figure>\n"
        case .figures(let items):
          out += "<dl class=\"figures\">\n"
          for (label, value) in items { out += "<dt>\(e(label))</dt><dd>\(e(value))</dd>\n" }
          out += "</dl>\n"
        }
      }
      out += "</section>\n"
    }
    if !footer.isEmpty {
      out += "<footer>\n" + footer.map { "<div>\(e($0))</div>" }.joined(separator: "\n") + "\n</footer>\n"
    }
    return out + "</main>\n</body>\n</html>\n"
  }
}

extension Table {
  /// The table as an HTML `<table>` of its display strings: the title as a paragraph above, right-aligned columns as
  /// numbers, cells starting with ▲ marked negative; footnotes below.
  public var html: String {
    func e(_ s: String) -> String { XMLEscaping.text(s) }
    // The title is a paragraph above the table, not a <caption>: a caption wraps at the table's width.
    var out = title.map { "<p class=\"table-title\">\(e($0))</p>\n" } ?? ""
    out += "<div class=\"scroll\"><table>\n"
    out += "<thead><tr>" + columns.map { "<th>\(e($0.title))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    for row in display {
      out += "<tr>"
      for (c, cell) in row.enumerated() {
        if c == 0 && !columns[c].rightAligned {
          out += "<th scope=\"row\">\(e(cell))</th>"
          continue
        }
        var classes: [String] = []
        if columns[c].rightAligned { classes.append("num") }
        if cell.hasPrefix("▲") { classes.append("neg") }
        out += classes.isEmpty ? "<td>\(e(cell))</td>" : "<td class=\"\(classes.joined(separator: " "))\">\(e(cell))</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table></div>\n"
    for f in footnotes { out += "<p class=\"foot\">\(e(f))</p>\n" }
    return out
  }
}
