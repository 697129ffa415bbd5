#if canImport(Glibc)
  @preconcurrency import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The checkout this test build belongs to (three levels above this file).
public let repositoryRoot: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}()

/// A file under `datasets/`.
public func dataset(_ relative: String) -> String { repositoryRoot + "/datasets/" + relative }

/// A fresh empty directory under /tmp.
public func temporaryDirectory(_ prefix: String = "idou-test") -> String {
  var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
  let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  return String(cString: p!)
}

/// Writes `bytes` to `path` (created or truncated).
public func writeFile(_ path: String, _ bytes: [UInt8]) {
  let f = fopen(path, "wb")!
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
}

/// Writes `text` to `path` (created or truncated).
public func writeFile(_ path: String, _ text: String) { writeFile(path, Array(text.utf8)) }

/// The bytes of `path`, or nil when it cannot be read.
public func fileBytes(_ path: String) -> [UInt8]? {
  guard let f = fopen(path, "rb") else { return nil }
  defer { fclose(f) }
  var bytes: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    bytes += buf[0..<n]
  }
  return bytes
}

/// The text of `path` ("" when it cannot be read).
public func fileText(_ path: String) -> String { String(decoding: fileBytes(path) ?? [], as: UTF8.self) }

/// Whether `path` exists (without following a final symbolic link).
public func fileExists(_ path: String) -> Bool {
  var st = stat()
  return lstat(path, &st) == 0
}

/// The names in a directory.
public func directoryEntries(_ path: String) -> [String] {
  guard let dir = opendir(path) else { return [] }
  defer { closedir(dir) }
  var names: [String] = []
  let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
  while let e = readdir(dir) {
    // The name in place, as a C string: a dirent is shorter than the whole d_name field.
    let name = String(cString: (UnsafeRawPointer(e) + nameOffset).assumingMemoryBound(to: CChar.self))
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

/// Makes a symbolic link at `path` pointing to `target`.
public func symlinkFile(_ target: String, at path: String) { symlink(target, path) }

/// Whether `path` is a symbolic link.
public func isSymbolicLink(_ path: String) -> Bool {
  var st = stat()
  return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
}

/// Whether `path` is a character device (as /dev/null must stay).
public func isCharacterDevice(_ path: String) -> Bool {
  var st = stat()
  return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFCHR
}

/// Writes `text` to a file `name` in a fresh temporary directory and returns its path. (`throws` so call sites
/// read as before; it never throws.)
public func temporaryFile(_ text: String, name: String = "input.csv") throws -> String {
  let path = temporaryDirectory() + "/" + name
  writeFile(path, text)
  return path
}
