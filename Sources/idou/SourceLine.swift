import IdouCore
import IdouIngest

extension InputOptions {
  /// Where the figures come from: `--source` when given, else the bundled data (e-Stat figures reshaped by the
  /// repositories they come from, see datasets/SOURCES.md) or the files read, named.
  func provenance(paths: [String]) -> [Provenance] {
    switch source {
    case "synthetic": return [.synthetic]
    case "estat": return [.published]
    case let text?: return [.stated(text)]
    case nil: break
    }
    if input.isEmpty { return [.derived] }
    let bundled = BundledData.directory()
    return paths.map { path in
      let name = String(path.split(separator: "/").last ?? Substring(path))
      // A file of datasets/ given by its path: e-Stat figures reshaped by the repository it comes from.
      if let dir = bundled, path.hasPrefix(dir + "/") || path.hasPrefix("datasets/") { return .derived }
      return .file(name)
    }
  }

  /// The source line of figures read from `paths` (``provenance(paths:)``).
  func sourceLine(paths: [String]) -> String {
    Provenance.sourceLine(provenance(paths: paths))
  }
}
