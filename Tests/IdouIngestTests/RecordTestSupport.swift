import IdouCore
import IdouIngest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A fresh file under the system temporary directory holding `bytes`; returns its path.
func recordFile(_ bytes: [UInt8], suffix: String = ".csv") -> String {
  var template = Array("/tmp/idou-test-XXXXXX".utf8CString)
  let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
  precondition(fd >= 0)
  let base = String(cString: template.map { UInt8(bitPattern: $0) } + [0])
  close(fd)
  unlink(base)
  let path = base + suffix
  let f = fopen(path, "wb")!
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
  return path
}

func recordFile(_ text: String, suffix: String = ".csv") -> String { recordFile(Array(text.utf8), suffix: suffix) }

func readBytes(_ path: String) -> [UInt8] { (try? InputFile.bytes(path)) ?? [] }

func readText(_ path: String) -> String { String(decoding: readBytes(path), as: UTF8.self) }

func unlinkFile(_ path: String) { unlink(path) }


/// The repository's `datasets/` directory.
let datasetsDirectory = repositoryRoot + "/datasets"

/// The table a plain, obviously correct reading of records gives: the scalar reference for the reader.
/// Rows are `(date, from, to, sex)` with valid fields; prefecture level unless `municipal`.
func referenceTable(_ rows: [(String, String, String, Int)], municipal: Bool = false) -> String {
  var counts: [String: (Int64, Int64)] = [:]
  func key(_ month: String, _ area: String, _ sex: Int) -> String { "\(month),\(area),\(sex)" }
  for (date, from, to, sex) in rows {
    let month = String(date.prefix(7))
    let f = municipal ? String(from.prefix(5)) : String(from.prefix(2))
    let t = municipal ? String(to.prefix(5)) : String(to.prefix(2))
    if f == t { continue }
    counts[key(month, t, sex), default: (0, 0)].0 += 1
    counts[key(month, f, sex), default: (0, 0)].1 += 1
  }
  var out = "month,area,sex,in,out,net\n"
  for k in counts.keys.sorted() {
    let (i, o) = counts[k]!
    out += "\(k),\(i),\(o),\(i - o)\n"
  }
  return out
}
