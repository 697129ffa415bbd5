import Foundation
import IdouReport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite("SVG renderer")
struct SVGRendererTests {
  @Test("labels with markup characters and control bytes still give well-formed XML that reads back unchanged")
  func escaping() throws {
    var doc = SVGDocument(width: 100, height: 50, title: "A < B & \"C\"")
    doc.append(SVGElement("text", ["x": "1", "y": "2", "data-name": "福岡県 \"<>&\" 'x'"], text: "熊本県 <転出> & 転入\u{01}"))
    let parsed = try parseSVG(doc.xml)
    let text = parsed.elements("text").first!
    #expect(text.stringValue == "熊本県 <転出> & 転入\u{FFFD}")
    #expect(text.string("data-name") == "福岡県 \"<>&\" 'x'")
    #expect(parsed.elements("title").first?.stringValue == "A < B & \"C\"")
    #expect(parsed.rootElement()?.uri == "http://www.w3.org/2000/svg")
    #expect(doc.xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
    #expect(doc.inlineXML.hasPrefix("<svg "))
  }

  @Test("coordinates are written with at most two decimals and no negative zero")
  func numbers() {
    #expect(SVG.number(12) == "12")
    #expect(SVG.number(12.5) == "12.5")
    #expect(SVG.number(-3.3333) == "-3.33")
    #expect(SVG.number(0.05) == "0.05")
    #expect(SVG.number(-0.001) == "0")
    #expect(SVG.number(1234.999) == "1235")
    #expect(SVG.number(.nan) == "0")
  }

  @Test("axis ticks are round numbers that cover the data and include 0")
  func ticks() {
    let t = AxisTicks(covering: -2_333 ... 1_200, count: 6)
    // About 3,533 / 6 ≈ 589 per interval: the next round step is 1,000.
    #expect(t.values == [-3_000, -2_000, -1_000, 0, 1_000, 2_000])
    #expect(t.step == 1_000)

    let small = AxisTicks(covering: 0 ... 7, count: 5)
    #expect(small.values == [0, 2, 4, 6, 8])

    let counts = AxisTicks(covering: 2_100 ... 6_300, count: 5, includingZero: false)
    #expect(counts.values == [2_000, 3_000, 4_000, 5_000, 6_000, 7_000])

    let flat = AxisTicks(covering: 0 ... 0)
    #expect(flat.values == [0, 1])

    // Steps are 1, 2, 2.5 or 5 times a power of ten; ticks always cover the data.
    for (lo, hi) in [(-7.0, 3.0), (0.0, 31_256.0), (-65_219.0, 65_219.0), (-1.0, 0.0), (13.0, 14.0), (0, 2_515_731)] {
      let t = AxisTicks(covering: lo ... hi)
      #expect(t.lower <= min(lo, 0) && t.upper >= max(hi, 0))
      var m = t.step
      while m >= 10 { m /= 10 }
      #expect([1, 2, 2.5, 5].contains(m), "step \(t.step)")
      #expect(t.values.contains(0))
      #expect(t.values.count <= 12)
    }
  }

  @Test("charts with random area names (markup, quotes, controls, CJK, emoji) always parse and keep the names")
  func randomLabelsParse() throws {
    var state: UInt64 = 42
    func next(_ n: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(n))
    }
    let alphabet: [Unicode.Scalar] = ["<", ">", "&", "\"", "'", "\u{01}", "\u{1F}", "\t", "\n", "a", "Z", "0", "熊", "本", "県", "▲", "\u{1F5FE}", "\u{FFFF}", " "]
    for _ in 0..<100 {
      let names = (0..<3).map { _ in
        var s = ""
        for _ in 0..<(1 + next(12)) { s.unicodeScalars.append(alphabet[next(alphabet.count)]) }
        return s
      }
      let chart = BarChart(title: names[0], categories: names, series: [.init(name: names[1], values: [1, -2, nil])])
      let doc = try parseSVG(chart.svg().xml)
      let categories = doc.elements("rect", class: "bar").compactMap { $0.string("data-category") }
      // What XML can carry comes back unchanged (tab, line feed and carriage return too, as character
      // references); other controls and U+FFFF become U+FFFD.
      func expected(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u -> Unicode.Scalar in
          (u.value < 0x20 && u != "\t" && u != "\n" && u != "\r") || u.value == 0xFFFF ? "\u{FFFD}" : u
        }))
      }
      #expect(categories == names.prefix(2).map(expected))
    }
  }
}
