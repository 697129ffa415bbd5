import ArgumentParser
import IdouCore
import IdouReport

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a command's ``Document`` in the format asked for: text formats to the file or standard output, an
/// xlsx workbook to a file (libxlsxwriter fills a temporary file next to it, which is then renamed into place).
///
/// The one place commands hand their output to; it moves onto the shared output writer (IdouIO) when that lands.
enum DocumentOutput {
  static func write(_ doc: Document, format: OutputFormat, to path: String?) throws {
    guard format == .xlsx else {
      try OutputFile.write(doc.text(format), to: path)
      return
    }
    guard let path, path != "-" else {
      printError("idou: --format xlsx writes a workbook file: give --output FILE.xlsx")
      throw ExitCode(SysExit.usage)
    }
    let temporary = path + ".tmp-\(getpid())"
    // Made here first, so that a directory that cannot be written is reported like any other output file.
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else {
      printError("idou: \(path): cannot write (\(String(cString: strerror(errno))))")
      throw ExitCode(SysExit.ioError)
    }
    close(fd)
    do {
      try doc.workbook.write(to: temporary)
    } catch {
      unlink(temporary)
      printError("idou: \(path): cannot write the workbook (\(error.reason))")
      throw ExitCode(SysExit.ioError)
    }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      printError("idou: \(path): cannot write (\(reason))")
      throw ExitCode(SysExit.ioError)
    }
  }
}

extension InputOptions {
  /// The source line of figures read from `paths`: the bundled data (e-Stat figures reshaped by the repositories
  /// they come from, see datasets/SOURCES.md) gives 「…を加工して作成」; other files are named.
  func sourceLine(paths: [String]) -> String {
    if input.isEmpty { return Provenance.sourceLine([.derived]) }
    return Provenance.sourceLine(paths.map { .file(String($0.split(separator: "/").last ?? Substring($0))) })
  }
}
