import ArgumentParser
import IdouCore
import IdouIngest

extension Idou {
  struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Validate move records and write them column-wise to a binary store (.idou) for fast re-aggregation.",
      discussion: "The store is written atomically; `idou aggregate STORE` reads it back by memory map.")

    @Argument(help: "Move-record CSV files (date,from,to,sex[,age][,nationality]).")
    var files: [String]

    @Option(help: "The store to write (e.g. moves.idou).")
    var store: String

    @OptionGroup var records: RecordOptions

    func run() throws {
      try reportingFailures {
        let reader = MoveRecordReader(options: try records.readerOptions(level: .prefecture))
        var all: [RecordColumns] = []
        var reports: [ReadReport] = []
        var rejects: [(String, [MoveRecordReader.Reject])] = []
        for path in files {
          let (columns, report, rej) = try reader.records(path: path)
          all.append(columns)
          reports.append(report)
          rejects.append((path, rej))
        }
        let columns = all.count == 1 ? all[0] : RecordColumns(concatenating: all)
        try RecordStore.write(columns, to: store)
        printError("\(store): \(columns.count) records stored")
        try records.finish(reports: reports, rejects: rejects)
      }
    }
  }
}
