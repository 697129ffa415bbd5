import IdouCore

extension InputOptions {
  /// The source line of figures read from `paths`: the bundled data (e-Stat figures reshaped by the repositories
  /// they come from, see datasets/SOURCES.md) gives 「…を加工して作成」; other files are named.
  func sourceLine(paths: [String]) -> String {
    if input.isEmpty { return Provenance.sourceLine([.derived]) }
    return Provenance.sourceLine(paths.map { .file(String($0.split(separator: "/").last ?? Substring($0))) })
  }
}
