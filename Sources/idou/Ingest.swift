import ArgumentParser
import IdouCore
import IdouIngest
import IdouIO

extension Idou {
  struct Ingest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "ingest",
      abstract: "Validate move records and write them column-wise to a binary store (.idou) for fast re-aggregation.",
      discussion: """
        The store is built in bounded memory (records sorted by month in runs spilled to a scratch file) and \
        replaced only when complete. --append adds a new month's records to an existing store; --replace MONTHS \
        replaces the records of those months (register corrections). `idou aggregate STORE` reads it back.
        """)

    @Argument(help: "Move-record CSV files (or - for standard input).")
    var files: [String]

    @Option(help: "The store to write (e.g. moves.idou).")
    var store: String

    @Flag(help: "Add the records to the existing store; refused when it already holds records of their months.")
    var append = false

    @Option(help: ArgumentHelp("Replace the existing store's records of these months (YYYY-MM, comma-separated) with the records given; every record given must be of one of them.", valueName: "months"))
    var replace: String?

    @OptionGroup var records: RecordOptions

    func validate() throws {
      if store == "-" && StandardStreams.standardOutputIsTerminal {
        throw ValidationError("a store is binary: give --store FILE.idou (or redirect standard output)")
      }
      if append && replace != nil { throw ValidationError("--append and --replace do not go together") }
      if let r = replace, months(r) == nil {
        throw ValidationError("--replace takes months YYYY-MM separated by commas (1900-01…2099-12), not '\(r)'")
      }
    }

    /// The month slots of a `--replace` list.
    func months(_ text: String) -> Set<Int>? {
      var out = Set<Int>()
      for part in text.split(separator: ",") {
        guard let p = Period(parsing: String(part)), let slot = MoveRecord.monthSlot(p) else { return nil }
        out.insert(slot)
      }
      return out.isEmpty ? nil : out
    }

    func run() throws {
      try reportingFailures {
        let reader = MoveRecordReader(options: try records.readerOptions(level: .prefecture))
        let replacing = replace.flatMap(months) ?? []
        let existing: StoreReader? = try append || !replacing.isEmpty ? StoreReader(path: store) : nil
        // Both outputs are checked and opened (as temporary files) before anything is read.
        let rejects = try records.openRejects()
        let out = try Output.writer(to: store)
        let builder = try StoreBuilder(writingTo: out, threads: reader.options.threads)
        let old = existing?.runs ?? []
        if let existing { try builder.add(store: existing, dropping: replacing) }
        var reports: [ReadReport] = []
        for path in files {
          let source = try RecordSource.path(path)
          reports.append(try reader.ingest(source, into: builder) { try rejects?.write(file: source.name, $0) })
        }
        // The months the files brought, for the checks of --append and --replace (a pass over the open run: only
        // when they ask).
        let counts = append || !replacing.isEmpty ? builder.monthCounts : []
        let brought = counts.indices.filter { counts[$0] > 0 }
        if append, let m = brought.first(where: { m in old.contains { $0.month == m } }) {
          throw DataError(file: store, line: 0, column: 0,
                          reason: "the store already holds records of \(MoveRecord.period(month: m)); nothing was "
                            + "written: use --replace \(MoveRecord.period(month: m)) to replace them")
        }
        if !replacing.isEmpty, let m = brought.first(where: { !replacing.contains($0) }) {
          throw DataError(file: files.joined(separator: ", "), line: 0, column: 0,
                          reason: "records of \(MoveRecord.period(month: m)) are not in --replace; nothing was "
                            + "written: add the month to --replace, or give only the months being replaced")
        }
        try builder.finish()
        // The rejects file first: if it cannot be put in place, the new store is dropped with it.
        try rejects?.close()
        try out.close()
        printError("\(store): \(builder.count) records stored")
        records.report(reports)
      }
    }
  }
}
