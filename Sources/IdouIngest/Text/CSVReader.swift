import IdouCore

/// An RFC 4180 record reader over bytes: comma-separated fields, `"` quoting with `""` escapes, quoted fields
/// that span lines, LF or CRLF line ends. Each record remembers the line it starts on, and each field its column
/// (1-based field number), so readers can report `file:line:column`.
///
/// ```swift
/// var reader = CSVReader(bytes: Array("a,\"1,234\"\nb,2\n".utf8), file: "x.csv")
/// while let record = try reader.next() { print(record.line, record.fields) }   // 1 ["a", "1,234"], 2 ["b", "2"]
/// ```
public struct CSVReader {
  public struct Record: Equatable {
    /// The 1-based line the record starts on.
    public var line: Int
    public var fields: [String]
  }

  let bytes: [UInt8]
  let file: String
  var position = 0
  var line = 1

  public init(bytes: [UInt8], file: String) {
    self.bytes = bytes
    self.file = file
  }

  /// The next record, or `nil` at the end. Blank lines come back as one empty field.
  /// - Throws: `DataError` for a quote left open at the end of the file, or text after a closing quote.
  public mutating func next() throws(DataError) -> Record? {
    guard position < bytes.count else { return nil }
    let startLine = line
    var fields: [String] = []
    var field: [UInt8] = []
    var column = 1
    while true {
      if position >= bytes.count {
        fields.append(Self.string(field))
        return Record(line: startLine, fields: fields)
      }
      let c = bytes[position]
      if c == 0x22 && field.isEmpty {  // opening quote
        let quoteLine = line
        position += 1
        var closed = false
        while position < bytes.count {
          let q = bytes[position]
          if q == 0x22 {
            if position + 1 < bytes.count && bytes[position + 1] == 0x22 {
              field.append(0x22)
              position += 2
              continue
            }
            position += 1
            closed = true
            break
          }
          if q == 0x0A { line += 1 }
          field.append(q)
          position += 1
        }
        guard closed else {
          throw DataError(file: file, line: quoteLine, column: column, reason: "quoted field is never closed")
        }
        if position < bytes.count, ![0x2C, 0x0A, 0x0D].contains(bytes[position]) {
          throw DataError(file: file, line: line, column: column, reason: "text after a closing quote")
        }
        continue
      }
      switch c {
      case 0x2C:
        fields.append(Self.string(field))
        field.removeAll(keepingCapacity: true)
        column += 1
        position += 1
      case 0x0D where position + 1 < bytes.count && bytes[position + 1] == 0x0A:
        position += 1
      case 0x0A:
        position += 1
        line += 1
        fields.append(Self.string(field))
        return Record(line: startLine, fields: fields)
      default:
        field.append(c)
        position += 1
      }
    }
  }

  /// Decodes a field as UTF-8, replacing invalid bytes (readers of other encodings transcode first).
  static func string(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}

/// Parses a count as tables write it: digits with optional thousands separators (`2,419`), optionally
/// signed. Returns `nil` for anything else.
///
/// - Complexity: O(length).
public func parseCount(_ text: some StringProtocol) -> Int64? {
  var value: Int64 = 0
  var digits = 0
  var negative = false
  var groupDigits = -1  // digits since the last separator; -1 before any separator
  var sawAny = false
  for (i, c) in text.utf8.enumerated() {
    switch c {
    case 0x30...0x39:
      let (v, o1) = value.multipliedReportingOverflow(by: 10)
      let (w, o2) = v.addingReportingOverflow(Int64(c - 0x30))
      guard !o1, !o2 else { return nil }
      value = w
      digits += 1
      sawAny = true
      if groupDigits >= 0 { groupDigits += 1; if groupDigits > 3 { return nil } }
    case 0x2C:
      guard sawAny, groupDigits == -1 ? digits <= 3 : groupDigits == 3 else { return nil }
      groupDigits = 0
    case 0x2D where i == 0, 0x2B where i == 0:
      negative = c == 0x2D
    default:
      return nil
    }
  }
  guard sawAny, groupDigits == -1 || groupDigits == 3 else { return nil }
  return negative ? -value : value
}
