import IdouCore

// What every command reads and writes, as given on its command line: checked by ``CommandLineFiles`` before
// the command runs (an input given twice, an output that would replace an input, a link or another output).

/// A region-set option's file, when it names one rather than a built-in or shipped set.
private func regionFile(_ name: String?) -> [String] {
  guard let name, RegionSet.builtIn[name] == nil, !RegionSetArgument.shipped.contains(name) else { return [] }
  return [name]
}

extension Idou.Aggregate: NamesFiles {
  var inputFiles: [String] { files + [records.catalog].compactMap { $0 } }
  var outputFiles: [String?] { [output.output, records.rejects] }
}

extension Idou.Ingest: NamesFiles {
  var inputFiles: [String] { files + [records.catalog].compactMap { $0 } }
  var outputFiles: [String?] { [store, records.rejects] }
}

extension Idou.Generate: NamesFiles {
  var inputFiles: [String] { [] }
  var outputFiles: [String?] { [output] }
}

extension Idou.Summary: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(regions) }
  var outputFiles: [String?] { [output.output] }
}

extension Idou.Tidy: NamesFiles {
  var inputFiles: [String] { files + [codeChanges].compactMap { $0 } }
  var outputFiles: [String?] { [output.output] }
}

extension Idou.ReportTable: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(regions) }
  var outputFiles: [String?] { [output.output] }
}

extension Idou.Project: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(options.counterparts) }
  var outputFiles: [String?] { [output.output] }
}

extension Idou.Backtest: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(options.counterparts) }
  var outputFiles: [String?] { [output.output] }
}

extension Idou.Chart: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(chart.regions) }
  var outputFiles: [String?] { [document.output] }
}

extension Idou.Report: NamesFiles {
  var inputFiles: [String] { inputs.files + regionFile(chart.regions) }
  var outputFiles: [String?] { [document.output] }
}
