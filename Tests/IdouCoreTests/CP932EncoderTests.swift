import IdouCore
import Testing

/// CP932 output: what Excel on a Japanese PC reads from a CSV without a BOM.
@Suite("CP932 encoding")
struct CP932EncoderTests {
  @Test("熊本県, ▲, ±, ～, ①, ㈱ and half-width ｶ get Windows' codes and decode back")
  func knownCodes() throws {
    // Codes from the CP932 code chart: 熊 8C46 本 967B 県 8CA7 ▲ 81A3 ± 817D ～ 8160 ① 8740 ㈱ 878A ｶ B6.
    #expect(try CP932.encode("熊本県") == [0x8C, 0x46, 0x96, 0x7B, 0x8C, 0xA7])
    #expect(try CP932.encode("▲7±0～①㈱ｶ") == [0x81, 0xA3, 0x37, 0x81, 0x7D, 0x30, 0x81, 0x60, 0x87, 0x40, 0x87, 0x8A, 0xB6])
    #expect(try CP932.encode("a,\"b\"\n") == Array("a,\"b\"\n".utf8))
  }

  @Test("a character with several codes is written as Windows writes it: 髙 FB FC, ∵ 81 E6, Ⅰ 87 54, ￢ 81 CA")
  func preferredCodes() throws {
    #expect(try CP932.encode("髙") == [0xFB, 0xFC])  // also EE E0 (NEC-selected IBM), read but never written
    #expect(try CP932.encode("∵") == [0x81, 0xE6])  // also 87 9A and FA 5B
    #expect(try CP932.encode("Ⅰ") == [0x87, 0x54])  // also FA 4A
    #expect(try CP932.encode("￢") == [0x81, 0xCA])
  }

  @Test("JIS-mapped look-alikes (〜 U+301C, − U+2212, — U+2014) go to the same JIS characters")
  func jisAliases() throws {
    #expect(try CP932.encode("0歳〜4歳") == CP932.encode("0歳～4歳"))
    #expect(try CP932.encode("−") == [0x81, 0x7C])
    #expect(try CP932.encode("—") == [0x81, 0x5C])
  }

  @Test("every character of the decoding table encodes to a code that decodes to it again")
  func roundTrip() throws {
    var text = ""
    for lead in Array(0x81...0x9F) + Array(0xE0...0xFC) {
      for trail in Array(0x40...0x7E) + Array(0x80...0xFC) {
        if let s = CP932.scalar(lead: UInt8(lead), trail: UInt8(trail)) { text.unicodeScalars.append(s) }
      }
    }
    text += "ｱｲｳﾟ ASCII ~\\"
    let decoded = try CP932.decode(CP932.encode(text), file: "round-trip")
    #expect(String(decoding: decoded, as: UTF8.self) == text)
  }

  @Test("a character CP932 cannot write is an error naming it and where it is, never a ?")
  func unencodable() {
    #expect(throws: CP932.Unencodable(character: "𠮷", line: 2, column: 3)) { try CP932.encode("熊本県\n吉田𠮷") }
    #expect(throws: CP932.Unencodable(character: "✓", line: 1, column: 1)) { try CP932.encode("✓") }
    let e = CP932.Unencodable(character: "𠮷", line: 2, column: 3)
    #expect(e.description.hasPrefix("line 2, column 3: 𠮷 (U+20BB7) has no CP932 (Shift_JIS) code"))
  }
}
