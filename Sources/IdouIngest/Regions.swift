import IdouCore

extension RegionSet {
  /// Resolves a region set by name: a built-in set (`three-metro`, `tokyo-area`, `三大都市圏`…), a set shipped in
  /// `datasets/regions/NAME.csv` (`kumamoto-report`), or a path to a region-set file.
  /// - Throws: `InputFileError`, `DataError`, or `CodeError.unknownArea` naming the set.
  public static func named(_ name: String) throws -> RegionSet {
    if let set = builtIn[name] { return set }
    if name.hasSuffix(".csv") || name.contains("/") {
      return try RegionSet(parsing: TextEncoding.text(path: name), id: stem(name), file: name)
    }
    let shipped = try BundledData.path(BundledData.regionsDirectory + "/\(name).csv")
    do {
      return try RegionSet(parsing: TextEncoding.text(path: shipped), id: name, file: shipped)
    } catch let e as InputFileError where e.kind == .missing {
      throw RegionSetError.unknown(name, known: builtIn.keys.filter { $0.utf8.count == $0.count }.sorted())
    }
  }

  static func stem(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    return file.hasSuffix(".csv") ? String(file.dropLast(4)) : file
  }
}

/// A region set name that is neither built in, nor shipped, nor a file.
public enum RegionSetError: Error, CustomStringConvertible {
  case unknown(String, known: [String])

  public var description: String {
    switch self {
    case .unknown(let name, let known):
      "unknown region set '\(name)' (built in: \(known.joined(separator: ", ")); or a file area,group,group_name)"
    }
  }
}
