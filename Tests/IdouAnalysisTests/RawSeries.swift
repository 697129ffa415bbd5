import Foundation
import IdouAnalysis
import IdouCore
import IdouIngest
import IdouProjection

/// The repository root, found from this file's path.
let repositoryRoot: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}()

/// The bundled monthly prefecture series as raw numbers, split by hand from the CSV (no idou reader): the
/// independent side of the tests. `raw[(prefecture, year, month)] = (in, out)`.
///
/// The file is `year_month,pref_code,pref_name,in_migrants,out_migrants,net_migration,fetched_at`, CRLF.
enum RawMonthly {
  static let path = repositoryRoot + "/datasets/real/monthly-prefecture-2013-07_2026-07.csv"

  struct Key: Hashable { var pref: Int, year: Int, month: Int }

  static let figures: [Key: (in: Int, out: Int)] = {
    let text = try! String(contentsOfFile: path, encoding: .utf8)
    var out: [Key: (in: Int, out: Int)] = [:]
    for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespacesAndNewlines)
      }
      let ym = f[0].split(separator: "-")
      out[Key(pref: Int(f[1])! / 1000, year: Int(ym[0])!, month: Int(ym[1])!)] = (Int(f[3])!, Int(f[4])!)
    }
    return out
  }()

  static func sum(_ pref: Int, _ year: Int, _ months: ClosedRange<Int>) -> (in: Int, out: Int) {
    months.reduce((0, 0)) { acc, m in
      let v = figures[Key(pref: pref, year: year, month: m)]!
      return (acc.0 + v.in, acc.1 + v.out)
    }
  }

  /// The same-period ratio by hand: r = Σ Jan–M this year ÷ Σ Jan–M last year; annual = Jan–M + round(r × last
  /// year's M+1…12). Returns (in, out).
  static func samePeriodRatio(_ pref: Int, year: Int, through m: Int) -> (in: Int, out: Int, ratioIn: Double, ratioOut: Double) {
    let now = sum(pref, year, 1...m), before = sum(pref, year - 1, 1...m), rest = sum(pref, year - 1, (m + 1)...12)
    let rIn = Double(now.in) / Double(before.in), rOut = Double(now.out) / Double(before.out)
    return (now.in + Int((rIn * Double(rest.in)).rounded()), now.out + Int((rOut * Double(rest.out)).rounded()), rIn, rOut)
  }

  /// Whether the series has all twelve months of a year.
  static func complete(_ pref: Int, _ year: Int) -> Bool {
    (1...12).allSatisfy { figures[Key(pref: pref, year: year, month: $0)] != nil }
  }

  /// The series read through the readers' contract (what idou reads), for the engine side of the tests.
  static func data() throws -> MigrationData { try AnalysisInputs.read(paths: [path]).data }
}

/// e-Stat table 1 as downloaded (CP932, quoted, thousands commas), its 移動者 rows split by hand: the independent
/// side of the tests for figures by sex. `rows[(areaCode, year)]` = the 12 figures 都道府県内 (総数, 男, 女), 転入
/// (総数, 男, 女), 転出 (…), 転入超過 (…).
enum RawTable1 {
  static let path = repositoryRoot + "/datasets/real/estat-annual-table1-2010-2025.csv"

  static let rows: [String: [Int: [Int]]] = {
    let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
    let text = String(decoding: try! TextEncoding.utf8(bytes, file: path).bytes, as: UTF8.self)
    var out: [String: [Int: [Int]]] = [:]
    for line in text.split(separator: "\n") where line.hasPrefix("\"60000\"") {
      let f = line.dropFirst().dropLast().components(separatedBy: "\",\"")
      let year = Int(f[5].dropLast())!  // "2025年"
      out[f[6], default: [:]][year] = f[10...].map { Int($0.replacingOccurrences(of: ",", with: ""))! }
    }
    return out
  }()

  /// Net (転入超過) of 男 and 女 per year of an area.
  static func netBySex(_ code: String) -> (male: [Sentences.YearNet], female: [Sentences.YearNet]) {
    let years = rows[code]!.sorted { $0.key < $1.key }
    return (years.map { .init(year: $0.key, net: Int64($0.value[10])) }, years.map { .init(year: $0.key, net: Int64($0.value[11])) })
  }
}

extension RawMonthly {
  /// Yearly net of the complete years of a prefecture.
  static func yearlyNet(_ pref: Int) -> [Sentences.YearNet] {
    (2013...2026).filter { complete(pref, $0) }.map { y in
      let v = sum(pref, y, 1...12)
      return Sentences.YearNet(year: y, net: Int64(v.in - v.out))
    }
  }
}
