import ArgumentParser
import IdouCore
import IdouIngest
import IdouIO
import IdouReport

extension Idou.Aggregate: WritesTables {
  static let formats: [OutputFormat] = [.csv, .json, .text, .markdown, .xlsx]
  static let defaultFormat = OutputFormat.csv
}

extension Idou {
  struct Aggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "aggregate",
      abstract: "転入, 転出 and net per month × area × sex from move records (CSV or a .idou store).",
      discussion: """
        CSV header exactly month,area,sex,in,out,net, sorted by month, area, sex (1 男, 2 女); a row for every \
        month × area × sex with a move. In = moves into the area from another area, out = moves from it to another \
        area. Several files add up. stderr ends with 'read N, used U, rejected R' per file.
        """)

    @Argument(help: "Move-record CSV files (date,from,to,sex[,age][,nationality]) or .idou stores.")
    var files: [String]

    @Option(help: "Area level.")
    var level: MoveRecordReader.Level = .prefecture

    @OptionGroup var output: OutputOptions<Aggregate>

    @OptionGroup var records: RecordOptions

    @Flag(help: "Print the time the reading and aggregation took (without process start and output) to stderr.")
    var timing = false

    func run() throws {
      try reportingFailures {
        var tables: [MoveTable] = []
        var reports: [ReadReport] = []
        let rejects = try records.openRejects()
        // The catalog is loaded only when there is CSV to check (a store holds checked records).
        let needsReader = files.contains { !RecordStore.isStore(path: $0) }
        let reader = needsReader ? MoveRecordReader(options: try records.readerOptions(level: level)) : nil
        let start = Clock.now()
        for path in files {
          if path != "-" && RecordStore.isStore(path: path) {
            let (table, report) = try StoreReader(path: path).aggregate(level: level, threads: records.workers, file: path)
            tables.append(table)
            reports.append(report)
          } else {
            let source = try RecordSource.path(path)
            let (table, report) = try reader!.aggregate(source) { try rejects?.write(file: source.name, $0) }
            tables.append(table)
            reports.append(report)
          }
        }
        let table = MoveTable(merging: tables)
        if timing {
          let seconds = Clock.now() - start
          let recordsRead = reports.reduce(0) { $0 + $1.rowsRead }
          printError("timing: \(String(format3: seconds)) s for \(recordsRead) records"
            + " (\(Int(Double(recordsRead) / max(seconds, 1e-9) / 1e6)) M records/s, \(records.workers) threads)")
        }
        try rejects?.close()
        records.report(reports)
        if output.format == .csv {
          try output.write(table.csv)
        } else {
          let title = "\(level == .prefecture ? "都道府県" : "市区町村")別・月別 転入者数・転出者数・転入超過数"
          let source = Provenance.sourceLine(files.map { .file(String($0.split(separator: "/").last ?? Substring($0))) })
          try output.write(Document(table: Table.moves(table), title: title, source: source))
        }
      }
    }
  }
}

extension Table {
  /// `idou aggregate` for people (text, Markdown) and JSON: 転入, 転出, 転入超過 with ▲ for negatives.
  static func moves(_ t: MoveTable) -> Table {
    var out = Table(columns: [
      .init(key: "month", title: "月"), .init(key: "area", title: "地域コード"), .init(key: "sex", title: "性別（1 男, 2 女）", kind: .plain),
      .init(key: "in", title: "転入", rightAligned: true), .init(key: "out", title: "転出", rightAligned: true),
      .init(key: "net", title: "転入超過", rightAligned: true),
    ])
    out.scope = "移動者（移動記録から集計）"
    out.sheetName = "転入・転出"
    for r in t.rows {
      out.append(
        display: ["\(r.period)", r.area, r.sex.label, NumberStyle.count(r.inflow), NumberStyle.count(r.outflow),
                  NumberStyle.japanese(r.net)],
        values: [.text("\(r.period)"), .text(r.area), .integer(Int64(r.sex.rawValue)), .integer(r.inflow),
                 .integer(r.outflow), .integer(r.net)])
    }
    return out
  }
}

/// A monotonic clock for `--timing`.
enum Clock {
  static func now() -> Double { MonotonicClock.seconds() }
}

extension String {
  /// A number with three decimals (no Foundation).
  init(format3 x: Double) {
    let ms = Int((x * 1000).rounded())
    let frac = ms % 1000
    self = "\(ms / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
  }
}
