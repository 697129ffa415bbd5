import Testing
import Foundation

/// The reproductions of `shared/findings/reliability-3101aa7.md` that concern the command line, outputs, pipes
/// and messages, each run as the report ran it. (Record-reader and store findings 1–6, 9, 11, 14, 19, 21 are
/// tested with the records; finding 10 with the table readers.)
@Suite("reliability findings: outputs, pipes, messages")
struct FindingsTests {
  /// A directory with `s.csv`: generated records.
  static func workspace(records: Int = 2000) -> String {
    let dir = temporaryDirectory()
    let g = runIdou(["generate", "--records", "\(records)", "--seed", "5", "--output", "s.csv"], in: dir)
    #expect(g.status == 0)
    return dir
  }

  /// A monthly table `m.csv` of 熊本県 ↔ 東京都, January 2023 – September 2025: enough for a projection and a
  /// backtest from months 1–3.
  static func monthly(in dir: String) {
    var rows = ["month,from,to,sex,count"]
    for y in 2023...2025 {
      for m in 1...(y == 2025 ? 9 : 12) {
        let month = "\(y)-\(m < 10 ? "0" : "")\(m)"
        rows += ["\(month),43,13,0,\(100 + m)", "\(month),13,43,0,\(90 + m + y - 2023)"]
      }
    }
    writeFile(dir + "/m.csv", rows.joined(separator: "\n") + "\n")
  }

  // MARK: 7. Lost writes

  @Test("finding 7: output to a full device is exit 74 'cannot write standard output', for every command",
        arguments: [["aggregate", "s.csv"], ["summary", "--format", "csv"], ["tidy"], ["table", "--area", "43"],
                    ["chart", "monthly", "--area", "43"], ["report", "--area", "43"],
                    ["project", "--area", "43", "--through", "3", "--input", "m.csv"],
                    ["backtest", "--area", "43", "--through", "3", "--input", "m.csv"]])
  func fullDevice(arguments: [String]) {
    let dir = Self.workspace(records: 200)
    defer { removeTree(dir) }
    Self.monthly(in: dir)
    let ok = runIdou(arguments, in: dir)
    #expect(ok.status == 0 && !ok.out.isEmpty)
    let full = runIdou(arguments, in: dir, stdout: .file("/dev/full"))
    #expect(full.status == 74)
    #expect(full.err.hasSuffix("idou: cannot write standard output (No space left on device)\n"))
    let closed = runIdou(arguments, in: dir, stdout: .closed)
    #expect(closed.status == 74)
    #expect(closed.err.hasSuffix("idou: cannot write standard output (standard output is closed)\n"))
  }

  @Test("finding 7: a reader that stops early (| head -c 10) ends idou quietly with exit 0, no signal")
  func brokenPipe() {
    let dir = Self.workspace(records: 20_000)
    defer { removeTree(dir) }
    let r = runIdou(["aggregate", "s.csv", "--level", "municipality", "--format", "json"], in: dir,
                    stdout: .pipeClosedAfter(10))
    #expect(r.signal == nil)
    #expect(r.status == 0)
    #expect(r.outBytes.count == 10)
    #expect(!r.err.contains("idou:"))
    let big = runIdou(["aggregate", "s.csv", "--level", "municipality", "--format", "json"], in: dir)
    #expect(big.outBytes.count > 1 << 17)  // larger than any pipe buffer: the pipe really broke
  }

  // MARK: 8. Inputs and links destroyed

  @Test("finding 8: an output that is an input is refused before anything is read; nothing is replaced",
        arguments: [["aggregate", "keep.csv", "--rejects", "keep.csv"],
                    ["ingest", "keep.csv", "--store", "keep.csv"],
                    ["aggregate", "keep.csv", "--output", "./keep.csv"],
                    ["tidy", "keep.csv", "--output", "keep.csv"],
                    ["summary", "--input", "keep.csv", "--output", "keep.csv"]])
  func outputIsInput(arguments: [String]) {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let before = fileBytes(dir + "/s.csv")
    writeFile(dir + "/keep.csv", before!)
    let r = runIdou(arguments, in: dir)
    #expect(r.status == 64)
    #expect(r.err.hasPrefix("idou: cannot write "))
    #expect(r.err.hasSuffix("(it is the input; idou never replaces an input: choose another file)\n")
      || r.err.hasSuffix("(it is the input keep.csv; idou never replaces an input: choose another file)\n"))
    #expect(fileBytes(dir + "/keep.csv") == before)
    #expect(directoryEntries(dir) == ["keep.csv", "s.csv"])
  }

  @Test("finding 8: standard output that is an input (idou tidy a.csv >> a.csv) is refused, the input kept")
  func standardOutputIsInput() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    let path = dir + "/k.csv"
    writeFile(path, fileBytes(dataset("reference/kumamoto-2024-2025-jan-sep.csv"))!)
    let r = runIdou(["tidy", "k.csv"], in: dir, stdout: .file(path))
    #expect(r.status == 64)
    #expect(r.err.hasSuffix("idou: cannot write standard output (it is the input k.csv; idou never writes over an input: choose another file)\n"))
    #expect(fileBytes(path) == fileBytes(dataset("reference/kumamoto-2024-2025-jan-sep.csv")))
  }

  @Test("finding 8: the store and the rejects cannot be one file")
  func storeIsRejects() {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let r = runIdou(["ingest", "s.csv", "--store", "x.idou", "--rejects", "x.idou"], in: dir)
    #expect(r.status == 64)
    #expect(r.err == "idou: cannot write x.idou (it is already an output of this command: give each output its own file)\n")
    #expect(directoryEntries(dir) == ["s.csv"])
  }

  @Test("finding 8: a symbolic link given as --rejects is neither replaced nor written through")
  func linkAsRejects() {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    writeFile(dir + "/target.txt", "precious\n")
    symlinkFile(dir + "/target.txt", at: dir + "/link.csv")
    let r = runIdou(["aggregate", "s.csv", "--rejects", "link.csv"], in: dir)
    #expect(r.status == 64)
    #expect(r.err.hasPrefix("idou: cannot write link.csv (it is a symbolic link;"))
    #expect(isSymbolicLink(dir + "/link.csv"))
    #expect(fileText(dir + "/target.txt") == "precious\n")
  }

  @Test("finding 8: a device given as an output is written in place and stays a device")
  func deviceAsOutput() {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let r = runIdou(["aggregate", "s.csv", "--rejects", "/dev/null", "--output", "/dev/null"], in: dir)
    #expect(r.status == 64)  // one device for two outputs is still two outputs in one place
    let ok = runIdou(["aggregate", "s.csv", "--rejects", "/dev/null"], in: dir)
    #expect(ok.status == 0)
    #expect(isCharacterDevice("/dev/null"))
  }

  // MARK: 12, 18. Control characters echoed from files

  @Test("finding 12: terminal escapes in a header are shown escaped, never sent raw")
  func escapesInMessages() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/esc.csv", "date\u{1B}]0;pwned\u{07}\u{1B}[2J,from\n")
    let r = runIdou(["aggregate", "esc.csv"], in: dir)
    #expect(r.status == 65)
    #expect(!r.err.contains("\u{1B}") && !r.err.contains("\u{07}"))
    #expect(r.err == "idou: esc.csv:1:1: expected a move-record header: date, from, to, sex (optional age, "
      + "nationality; any order; also 異動年月日, 転出元, 転入先, 性別, 年齢, 国籍), "
      + "found 'date\\u{1B}]0;pwned\\u{07}\\u{1B}[2J,from'\n")
  }

  @Test("finding 12: names from a file are escaped in text and Markdown tables, kept exact in CSV and JSON")
  func escapesInTables() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/evil.csv", "area,group,group_name\n13,x,東京\u{1B}[2J都\n")
    for format in ["text", "markdown"] {
      let r = runIdou(["summary", "--regions", "evil.csv", "--format", format], in: dir)
      #expect(r.status == 0)
      #expect(!r.out.contains("\u{1B}"))
      #expect(r.out.contains("東京\\u{1B}[2J都"))
    }
    let json = runIdou(["summary", "--regions", "evil.csv", "--format", "json"], in: dir)
    #expect(json.out.contains("東京\\u001b[2J都"))
  }

  @Test("finding 18: a file name with a line break keeps the account on one line")
  func newlineInFileName() {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    writeFile(dir + "/new\nline.csv", fileBytes(dir + "/s.csv")!)
    let r = runIdou(["aggregate", "new\nline.csv"], in: dir)
    #expect(r.status == 0)
    #expect(r.err.split(separator: "\n").last == "new\\nline.csv: read 2000, used 2000, rejected 0")
  }

  // MARK: 13, 15. Messages name the file and say what went wrong

  @Test("finding 13: write failures say 'cannot write', with the reason",
        arguments: [(["ingest", "s.csv", "--store", "nodir/x.idou"], "idou: cannot write nodir/x.idou (No such file or directory)\n"),
                    (["ingest", "s.csv", "--store", "."], "idou: cannot write . (it is a directory)\n"),
                    (["generate", "--records", "100000", "--output", "/dev/full"],
                     "idou: cannot write /dev/full (No space left on device)\n"),
                    (["aggregate", "s.csv", "--rejects", "nodir/r.csv"], "idou: cannot write nodir/r.csv (No such file or directory)\n")])
  func writeFailures(arguments: [String], message: String) {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let r = runIdou(arguments, in: dir)
    #expect(r.status == 74)
    #expect(r.err.hasSuffix(message))
    #expect(!r.err.contains("cannot read"))
  }

  @Test("finding 15: refusals about a whole file name the file, never line 0:0")
  func wholeFileMessages() {
    let dir = temporaryDirectory()
    defer { removeTree(dir) }
    writeFile(dir + "/matrix.csv", fileBytes(dataset("real/jp-prefecture-migration-2025.csv"))!)
    writeFile(dir + "/k1.csv", fileBytes(dataset("reference/kumamoto-2024-2025-jan-sep.csv"))!)
    // k2: k1 with one figure changed (2024-01 転出 全国計 1,861 → 1,862): two inputs that disagree.
    let k1 = String(decoding: fileBytes(dataset("reference/kumamoto-2024-2025-jan-sep.csv"))!, as: UTF8.self)
    writeFile(dir + "/k2.csv", k1.replacingOccurrences(of: "43,2024,1,out,all,全国計,1861", with: "43,2024,1,out,all,全国計,1862"))
    writeFile(dir + "/at.csv", "month,area,sex,in,out\n2025-01,13,0,5,3\n2025-02,14,0,1,1\n")
    let cases: [([String], String)] = [
      (["summary", "--input", "matrix.csv"],
       "idou: matrix.csv: a wide matrix does not say its period: give --period YYYY or YYYY-MM\n"),
      (["summary", "--input", "k1.csv", "k2.csv"],
       "idou: k1.csv, k2.csv: the inputs disagree: 2024-01 総数 43 熊本県 outflow: 1861 in one input, 1862 in another\n"),
      (["summary", "--input", "at.csv", "--scope", "japanese"],
       "idou: at.csv: no 日本人移動者 (japanese) figures: it gives no 国籍 (scope), so its figures are 移動者 (all)\n"),
      (["summary", "--input", "matrix.csv", "--period", "2025", "--year", "2019"],
       "idou: matrix.csv: no data for year 2019 (the data has 2025)\n"),
    ]
    for (arguments, message) in cases {
      let r = runIdou(arguments, in: dir)
      #expect(r.status == 65)
      #expect(r.err.hasSuffix(message), "\(arguments)")
      #expect(!r.err.contains(":0:0:") && !r.err.contains("idou: no data"))
    }
  }

  // MARK: 16, 17. Pipes, '-', the same file twice

  @Test("finding 16: table readers take '-', /dev/stdin and pipes, with the same output as from the file",
        arguments: [["summary", "--area", "43", "--input", "FILE"], ["tidy", "FILE"],
                    ["table", "--area", "43", "--input", "FILE"]])
  func pipes(arguments: [String]) {
    let path = dataset("reference/kumamoto-2024-2025-jan-sep.csv")
    let fromFile = runIdou(arguments.map { $0 == "FILE" ? path : $0 })
    #expect(fromFile.status == 0)
    for name in ["-", "/dev/stdin"] {
      let r = runIdou(arguments.map { $0 == "FILE" ? name : $0 }, stdin: .bytes(fileBytes(path)!))
      #expect(r.status == 0)
      #expect(r.out == fromFile.out)
    }
    let closed = runIdou(arguments.map { $0 == "FILE" ? "-" : $0 }, stdin: .closed)
    #expect(closed.status == 74)
    #expect(closed.err.hasSuffix("idou: cannot read (standard input) (standard input is closed)\n"))
  }

  @Test("finding 16: aggregate and ingest read '-', /dev/stdin and pipes as streams, with the file's output",
        arguments: ["-", "/dev/stdin"])
  func recordPipes(name: String) {
    let dir = Self.workspace(records: 20_000)
    defer { removeTree(dir) }
    let bytes = fileBytes(dir + "/s.csv")!
    for level in ["prefecture", "municipality"] {
      let file = runIdou(["aggregate", "s.csv", "--level", level], in: dir)
      let piped = runIdou(["aggregate", name, "--level", level], in: dir, stdin: .bytes(bytes))
      #expect(file.status == 0 && piped.status == 0)
      #expect(piped.out == file.out && file.out.count > 1000)
      #expect(piped.err.hasSuffix((name == "-" ? "(standard input)" : name) + ": read 20000, used 20000, rejected 0\n"))
    }
    let ingest = runIdou(["ingest", name, "--store", "p.idou"], in: dir, stdin: .bytes(bytes))
    #expect(ingest.status == 0)
    #expect(runIdou(["aggregate", "p.idou"], in: dir).out == runIdou(["aggregate", "s.csv"], in: dir).out)
  }

  @Test("finding 17: the same file twice is refused in every command, by identity",
        arguments: [["aggregate", "s.csv", "s.csv"], ["aggregate", "s.csv", "./s.csv"], ["ingest", "s.csv", "s.csv", "--store", "x.idou"],
                    ["tidy", "s.csv", "s.csv"], ["summary", "--input", "s.csv", "s.csv"]])
  func sameFileTwice(arguments: [String]) {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let r = runIdou(arguments, in: dir)
    #expect(r.status == 64)
    #expect(r.err.hasPrefix("idou: ") && r.err.contains("s.csv is given twice (already given"))
    #expect(r.out.isEmpty)
    #expect(directoryEntries(dir) == ["s.csv"])
  }

  // MARK: 20. An empty catalog

  @Test("finding 20: an empty catalog is refused instead of rejecting every code")
  func emptyCatalog() {
    let dir = Self.workspace()
    defer { removeTree(dir) }
    let r = runIdou(["aggregate", "s.csv", "--catalog", "/dev/null", "--strict-codes"], in: dir)
    #expect(r.status == 65)
    #expect(r.err == "idou: /dev/null: the catalog has no municipal codes (expected a header and lines "
      + "code,prefecture,city); leave out --catalog to use the bundled one\n")
  }
}
