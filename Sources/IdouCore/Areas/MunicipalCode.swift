/// A municipal code (全国地方公共団体コード): five digits, the first two the prefecture, optionally followed by a
/// sixth check digit.
///
/// The check digit is `(11 − (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11) mod 10`, e.g. 43100 熊本市 → 431001.
///
/// ```swift
/// try MunicipalCode(parsing: "431001").code   // 43100
/// try MunicipalCode(parsing: "431002")        // throws .badCheckDigit(expected: 1)
/// ```
public struct MunicipalCode: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The five-digit code as an integer, e.g. 43100.
  public let code: Int

  /// Wraps a five-digit code without a check digit. Returns `nil` when the prefecture part is not 01…47.
  public init?(code: Int) {
    guard (1000..<48000).contains(code), code / 1000 >= 1 else { return nil }
    self.code = code
  }

  /// Parses 5 digits, or 6 digits whose last is verified as the check digit.
  /// - Throws: `CodeError` naming what is wrong.
  public init(parsing text: some StringProtocol) throws(CodeError) {
    let digits = Array(text.utf8)
    guard digits.count == 5 || digits.count == 6, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
      throw CodeError.malformed(String(text), expected: "a municipal code of 5 or 6 digits")
    }
    let d = digits.map { Int($0 - 0x30) }
    let five = d[0] * 10000 + d[1] * 1000 + d[2] * 100 + d[3] * 10 + d[4]
    guard (1...47).contains(five / 1000) else { throw CodeError.unknownPrefecture(String(text)) }
    if d.count == 6 {
      let expected = MunicipalCode.checkDigit(of: five)
      guard d[5] == expected else { throw CodeError.badCheckDigit(String(text), expected: expected) }
    }
    self.code = five
  }

  /// The check digit of a five-digit code.
  ///
  /// - Complexity: O(1).
  @inlinable
  public static func checkDigit(of fiveDigits: Int) -> Int {
    let d1 = fiveDigits / 10000, d2 = fiveDigits / 1000 % 10, d3 = fiveDigits / 100 % 10
    let d4 = fiveDigits / 10 % 10, d5 = fiveDigits % 10
    return (11 - (6 * d1 + 5 * d2 + 4 * d3 + 3 * d4 + 2 * d5) % 11) % 10
  }

  /// The prefecture the municipality lies in.
  public var prefecture: Prefecture { Prefecture(code: code / 1000)! }
  /// The five-digit form, zero-padded, e.g. "01100".
  public var fiveDigits: String { code < 10000 ? "0\(code)" : "\(code)" }
  /// The six-digit form with its check digit, e.g. "431001".
  public var sixDigits: String { fiveDigits + "\(MunicipalCode.checkDigit(of: code))" }
  /// Whether this is the prefecture itself (`43000`), as e-Stat writes prefectures.
  public var isPrefectureLevel: Bool { code % 1000 == 0 }

  public var description: String { fiveDigits }
  public static func < (a: MunicipalCode, b: MunicipalCode) -> Bool { a.code < b.code }
}

/// Why an area code was not accepted.
public enum CodeError: Error, Equatable, Sendable, CustomStringConvertible {
  case malformed(String, expected: String)
  case unknownPrefecture(String)
  case badCheckDigit(String, expected: Int)
  case unknownArea(String)
  /// A name several areas have (府中市: 東京都 and 広島県), with the candidates as `code name (where)`.
  case ambiguousArea(String, candidates: [String])

  public var description: String {
    switch self {
    case .malformed(let text, let expected): "'\(text)' is not \(expected)"
    case .unknownPrefecture(let text): "'\(text)' has no prefecture 01–47 in its first two digits"
    case .badCheckDigit(let text, let expected): "'\(text)' has a bad check digit (expected \(expected))"
    case .unknownArea(let text): "unknown area '\(text)'"
    case .ambiguousArea(let text, let candidates):
      "'\(text)' names \(candidates.count) areas: \(candidates.joined(separator: ", ")); give the code or qualify the name (東京都府中市)"
    }
  }
}
