#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import IdouCore

/// The JSON forms the survey's figures are published in by other tools (docs/ARCHITECTURE.md §4), decoded with
/// Foundation's `JSONDecoder` and re-laid as the long table their fields stand for, read by ``ColumnTable``:
///
/// - per-prefecture totals, `[{"fiscal_year": 2025, "prefecture": "北海道", "domestic_in": …, "domestic_out": …,
///   "international_in": …, "international_out": …, "social_increase": …}, …]` → `year,area,in,out`. 転入/転出 are the
///   domestic moves (他都道府県から/へ); moves from and to abroad and the social increase are not the survey's
///   figures between areas and are named as not used. The year is the file's `fiscal_year`, which in this export
///   holds the calendar year's 年報 figures (熊本県 2025: 28,923 / 31,256, as table 1).
/// - origin–destination flows, `{"flows": {"people": {"2019": [[from, to, count], …], …}, "goods": …}}` with
///   prefecture numbers → `year,from,to,count`; other parts (`goods`, another survey) are named as not used.
enum JSONTables {
  struct PrefectureTotals: InputLayout {
    var name: String { "per-prefecture JSON" }

    struct Row: Decodable {
      let fiscal_year: Int
      let prefecture: String
      let domestic_in: Int64?
      let domestic_out: Int64?
    }

    func recognise(_ head: InputHead) -> Recognition {
      JSONTables.starts(head, with: 0x5B) && JSONTables.contains(head, "\"domestic_in\"") ? .sure : .no
    }

    func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
      let rows = try JSONTables.decode([Row].self, input)
      var text = "year,area,in,out\n"
      for r in rows {
        text += "\(r.fiscal_year),\(r.prefecture),\(r.domestic_in.map(String.init) ?? "-"),\(r.domestic_out.map(String.init) ?? "-")\n"
      }
      var result = try ColumnTable().read(bytes: Array(text.utf8), file: input.file, mapping: nil)
      result.report.notes.insert(
        "per-prefecture JSON: domestic_in/domestic_out read as 転入/転出 (他都道府県); international_in/out (moves from and to abroad) and social_increase not used", at: 0)
      return result
    }
  }

  struct Flows: InputLayout {
    var name: String { "origin–destination JSON" }

    struct File: Decodable {
      let flows: [String: [String: [[Int64]]]]
    }

    func recognise(_ head: InputHead) -> Recognition {
      JSONTables.starts(head, with: 0x7B) && JSONTables.contains(head, "\"flows\"") && JSONTables.contains(head, "\"people\"")
        ? .sure : .no
    }

    func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
      let file = try JSONTables.decode(File.self, input)
      guard let people = file.flows["people"] else {
        throw DataError(file: input.file, line: 0, column: 0, reason: "no flows.people in the JSON (expected {\"flows\": {\"people\": {\"YYYY\": [[from, to, count], …]}}})")
      }
      var text = "year,from,to,count\n"
      for year in people.keys.sorted() {
        for (k, triple) in people[year]!.enumerated() {
          guard triple.count == 3 else {
            throw DataError(file: input.file, line: 0, column: 0, reason: "flows.people.\(year)[\(k)] has \(triple.count) numbers (expected [from, to, count])")
          }
          text += "\(year),\(triple[0]),\(triple[1]),\(triple[2])\n"
        }
      }
      var result = try ColumnTable().read(bytes: Array(text.utf8), file: input.file, mapping: nil)
      let others = file.flows.keys.filter { $0 != "people" }.sorted()
      result.report.notes.insert(
        "origin–destination JSON: flows.people read as year,from,to,count"
          + (others.isEmpty ? "" : "; not used: \(others.map { "flows.\($0)" }.joined(separator: ", ")) (not this survey's figures)"), at: 0)
      return result
    }
  }

  static func decode<T: Decodable>(_ type: T.Type, _ input: InputData) throws -> T {
    let (bytes, _) = try input.text()
    do {
      return try JSONDecoder().decode(T.self, from: Data(bytes))
    } catch {
      throw DataError(file: input.file, line: 0, column: 0, reason: "not the JSON expected for \(T.self): \(error)")
    }
  }

  /// Whether the input's first non-blank byte is `byte`.
  static func starts(_ head: InputHead, with byte: UInt8) -> Bool {
    head.text.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == byte
  }

  /// Whether the input's first bytes hold `needle`.
  static func contains(_ head: InputHead, _ needle: String) -> Bool { head.text.firstRange(of: needle.utf8) != nil }
}
