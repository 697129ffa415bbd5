import IdouCore
import IdouIO

/// Turns a reject as the hot path keeps it (offset, line, status) into words: the line, the column, the reason
/// naming the field's text, and the row's text. Only rejects someone asks for are turned into words, after their
/// window is parsed, so a reject costs the hot path about what a good row costs.
struct RejectWords {
  let header: RecordHeader
  let level: MoveRecordReader.Level

  /// Longest part of a row quoted in a reject.
  static let quoted = 200

  func reject(_ m: RejectMark, firstLine: Int, data: ScanBytes) -> MoveRecordReader.Reject {
    let status = Int(m.status)
    let column = status >> 8 & 0xFF
    let (count, field) = Self.field(data, at: m.offset, column: column)
    let reason: String
    switch RecordProblem(rawValue: UInt8(status & 0xFF)) ?? .fieldCount {
    case .fieldCount:
      reason = "expected \(header.fieldCount) fields (\(header.described)), found \(count)"
    case .rowTooLong: reason = "row longer than \(GeneralRow.maxRowBytes) bytes"
    case .unterminatedQuote: reason = "the quote that opens field \(column) is not closed"
    case .textAfterQuote: reason = "text after the closing quote of field \(column)"
    case .date: reason = "'\(field)' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYYMMDD, YYYY-MM, YYYY/MM or YYYYMM)"
    case .year: reason = "'\(field)': year outside 1900–2099"
    case .origin, .destination:
      reason = "'\(field)' is not an area code (2-digit prefecture, 5- or 6-digit municipal code)"
    case .prefectureOrigin, .prefectureDestination:
      reason = "'\(field)' has no prefecture 01–47 in its first two digits"
    case .checkDigitOrigin, .checkDigitDestination:
      reason = "'\(field)' has a bad check digit (expected \(status >> 16))"
    case .sex: reason = "'\(field)' is not a sex (1/2, M/F, 男/女, 男性/女性)"
    case .age: reason = "'\(field)' is not an age 0–130"
    case .nationality: reason = "'\(field)' is not a nationality (JP/FOREIGN, 日本人/外国人, 日本/外国, 61000/62000)"
    case .sameArea: reason = "from and to are the same municipality (\(field)): not a move"
    case .notInCatalog: reason = "'\(field)' is not in the municipal catalog (--strict-codes)"
    case .prefectureAtMunicipalLevel:
      reason = "'\(field)' is a prefecture code: --level municipality needs municipal codes"
    }
    return .init(line: firstLine + m.line, column: column, reason: reason, record: Self.record(data, at: m.offset))
  }

  /// The number of fields of the row at `start` and the text of field `column` (1-based; quotes removed; "" when
  /// the row has no such field), read by a plain RFC 4180 loop: only for messages. Only the wanted field is kept.
  static func field(_ data: ScanBytes, at start: Int, column: Int) -> (count: Int, text: String) {
    let b = data.base, end = data.end
    var wanted: [UInt8] = []
    var i = start, quoted = false, atFieldStart = true, k = 1
    let limit = min(end, start + GeneralRow.maxRowBytes)
    while i < limit {
      let c = b[i]
      if quoted {
        if c == 0x22 {
          if i + 1 < limit && b[i + 1] == 0x22 {
            if k == column { wanted.append(0x22) }
            i += 2
            continue
          }
          quoted = false
        } else if k == column {
          wanted.append(c)
        }
      } else if c == 0x22 && atFieldStart {
        quoted = true
      } else if c == 0x2C {
        k += 1
        atFieldStart = true
        i += 1
        continue
      } else if c == 0x0A {
        break
      } else if k == column {
        wanted.append(c)
      }
      atFieldStart = false
      i += 1
    }
    // The last field's CR of a CRLF line end is not part of it.
    if k == column && wanted.last == 0x0D && i < limit && b[i] == 0x0A { wanted.removeLast() }
    return (k, column >= 1 && column <= k ? text(wanted).terminalSafe : "")
  }

  /// The row's text at `start`: up to ``quoted`` bytes, without the line end, control characters escaped.
  static func record(_ data: ScanBytes, at start: Int) -> String {
    let b = data.base
    var e = ByteScan.lineEnd(b, from: start, end: min(data.end, start + Self.quoted))
    if e > start && b[e - 1] == 0x0D { e -= 1 }
    return text(UnsafeBufferPointer(start: b + start, count: e - start)).terminalSafe
  }

  /// Bytes as text: UTF-8 when valid, else CP932 when that decodes, else with the other bytes shown as hex.
  static func text(_ b: [UInt8]) -> String { b.withUnsafeBufferPointer { text($0) } }

  static func text(_ b: UnsafeBufferPointer<UInt8>) -> String {
    // ASCII (most rows) is UTF-8 as it is: no validation (whose generic form costs more than the rest).
    if !b.contains(where: { $0 >= 0x80 }) { return String(decoding: b, as: UTF8.self) }
    if let s = String(validating: b, as: UTF8.self) { return s }
    if let d = try? CP932.decode(Array(b), file: "") { return String(decoding: d, as: UTF8.self) }
    return b.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16, uppercase: true) }.joined()
  }
}

extension String {
  /// The text with control characters escaped (``TerminalText``), so a message shows what the file holds.
  var terminalSafe: String { TerminalText.escaped(self) }
}
