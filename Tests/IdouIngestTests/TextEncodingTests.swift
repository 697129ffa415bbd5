import Foundation
import IdouCore
import Testing

@testable import IdouIngest

@Suite("Text encodings: UTF-8 with or without BOM, CP932")
struct TextEncodingTests {
  @Test("CP932-only characters ①, ㈱, 髙 and Windows' ～ decode as Windows writes them")
  func cp932OnlyCharacters() throws {
    // ① 87 40, ㈱ 87 8A, 髙 FB FC, ～ 81 60 (U+FF5E), 熊本 8C 46 96 7B, ｶ (half-width) B6
    let bytes: [UInt8] = [0x87, 0x40, 0x87, 0x8A, 0xFB, 0xFC, 0x81, 0x60, 0x8C, 0x46, 0x96, 0x7B, 0xB6]
    let text = String(decoding: try CP932.decode(bytes, file: "t"), as: UTF8.self)
    #expect(text == "①㈱髙～熊本ｶ")
  }

  @Test("Our CP932 table agrees with Foundation's .shiftJIS on every assigned pair (this Linux)")
  func agreesWithFoundationOnAllPairs() throws {
    var input: [UInt8] = [], expectedCount = 0
    for lead in Array(0x81...0x9F) + Array(0xE0...0xFC) {
      for trail in Array(0x40...0x7E) + Array(0x80...0xFC) where CP932.scalar(lead: UInt8(lead), trail: UInt8(trail)) != nil {
        input += [UInt8(lead), UInt8(trail), 0x0A]
        expectedCount += 1
      }
    }
    #expect(expectedCount == CP932.assignedPairs)
    #expect(expectedCount == 9604)
    let ours = String(decoding: try CP932.decode(input, file: "all"), as: UTF8.self)
    let foundation = try #require(String(data: Data(input), encoding: .shiftJIS))
    #expect(ours.unicodeScalars.elementsEqual(foundation.unicodeScalars))
  }

  @Test("Detection: a BOM or valid UTF-8 is UTF-8; Shift_JIS bytes are CP932; ASCII is UTF-8")
  func detection() {
    #expect(TextEncoding.detect(Array("熊本県,1\n".utf8)) == .utf8)
    #expect(TextEncoding.detect([0xEF, 0xBB, 0xBF] + Array("a".utf8)) == .utf8)
    #expect(TextEncoding.detect([0x8C, 0x46, 0x96, 0x7B, 0x8C, 0xA7]) == .cp932)
    #expect(TextEncoding.detect(Array("a,b\n".utf8)) == .utf8)
    #expect(TextEncoding.isValidUTF8([0xED, 0xA0, 0x80]) == false)  // a surrogate
    #expect(TextEncoding.isValidUTF8([0xE3, 0x81]) == false)  // cut short
    #expect(TextEncoding.isValidUTF8([0xC0, 0xAF]) == false)  // overlong
  }

  @Test("UTF-8 validation agrees with the standard library on random byte strings of awkward sizes")
  func utf8ValidationMatchesStandardLibrary() {
    var rng = SplitMix64(seed: 4)
    let alphabet: [UInt8] = [0x41, 0x0A, 0x80, 0xBF, 0xC2, 0xE0, 0xE3, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x81, 0xA0]
    for size in [0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17] {
      for _ in 0..<300 {
        let bytes = (0..<size).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
        #expect(TextEncoding.isValidUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
      }
    }
  }

  @Test("A byte that is neither UTF-8 nor CP932 is an error with its line and column")
  func invalidBytes() {
    let bytes = Array("a,b\n".utf8) + [0x8C, 0x46, 0x2C, 0xFF, 0xFF]
    #expect(throws: DataError(file: "x.csv", line: 2, column: 4,
                              reason: "bytes 0xFF 0xFF are neither UTF-8 nor CP932 (Shift_JIS) text (column = byte in the line)")) {
      _ = try TextEncoding.utf8(bytes, file: "x.csv")
    }
  }
}

