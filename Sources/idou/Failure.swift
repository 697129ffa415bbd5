import ArgumentParser
import IdouCore
import IdouIngest
import IdouIO
import IdouProjection
import IdouReport

/// Exit codes from sysexits(3), as DESIGN §6 asks.
enum SysExit {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let software: Int32 = 70
  static let ioError: Int32 = 74
}

/// Writes one line to standard error, with the control characters of file bytes and file names escaped
/// (``TerminalText``), so that a message is always exactly one visible line.
func printError(_ line: String) {
  StandardStreams.writeError(TerminalText.escaped(line))
}

/// The one way idou reports a failure: one line `idou: WHAT` on stderr, and a sysexits code.
///
/// Argument errors (ArgumentParser's), data errors (`FILE:LINE:COLUMN: reason`), file errors (`cannot read FILE
/// (reason)`, `cannot write FILE (reason)`) all come here, from ``Idou/main()`` and from ``reportingFailures(_:)``,
/// so every message looks alike.
enum Failure {
  /// The subcommand being run (set by ``Idou/main()``), for the `see 'idou CMD --help'` of a usage error.
  nonisolated(unsafe) static var command: String?

  /// `(see 'idou CMD --help')`: where a usage error's reader finds what the command takes.
  static var helpHint: String { "(see '\(command.map { "idou \($0) --help" } ?? "idou --help")')" }

  /// Prints `error` (nothing for a broken pipe or an already reported exit) and returns the exit code.
  static func report(_ error: Error, command: String? = nil) -> Int32 {
    if let command { Self.command = command }
    switch error {
    case let e as ExitCode:
      return e.rawValue
    case let e as FileError:
      if e.kind == .brokenPipe { return 0 }
      printError("idou: \(e)")
      return e.exitCode
    case let e as InputFileError:
      switch e.kind {
      case .missing:
        printError("idou: cannot read \(e.path) (no such file)")
        return SysExit.noInput
      case .unreadable:
        // The store writer said write failures this way until it wrote through OutputWriter (finding 13).
        if e.detail.hasPrefix("cannot write") {
          let why = e.detail.dropFirst("cannot write".count).drop { $0 == ":" || $0 == " " }
          printError("idou: cannot write \(e.path)\(why.isEmpty ? "" : " (\(why))")")
        } else {
          printError("idou: cannot read \(e.path)\(e.detail.isEmpty ? "" : " (\(e.detail))")")
        }
        return SysExit.ioError
      }
    case let e as DataError:
      printError("idou: \(located(e))")
      return SysExit.dataError
    case let e as CubeError:
      printError("idou: \(inputs)\(e)")
      return SysExit.dataError
    case let e as ProjectionError:
      printError("idou: \(inputs)\(e)")
      return SysExit.dataError
    case let e as CodeError:
      printError("idou: \(e) \(helpHint)")
      return SysExit.usage
    case let e as RegionSetError:
      printError("idou: \(e) \(helpHint)")
      return SysExit.usage
    case let e as XlsxError:
      printError("idou: \(e)")
      return SysExit.ioError
    case let e as CP932.Unencodable:
      printError("idou: cannot write the output in CP932: \(e)")
      return SysExit.dataError
    default:
      return reportArgumentError(error)
    }
  }

  /// The inputs a message about the data as a whole is about: `a.csv, b.csv: ` (`(standard input)` for `-`).
  static var inputs: String {
    let names = CommandLineFiles.read.map { $0 == "-" ? InputSource.standardInputName : $0 }
    return names.isEmpty ? "" : names.joined(separator: ", ") + ": "
  }

  /// `FILE:LINE:COLUMN: reason`, or `FILE:LINE: reason` for a whole row and `FILE: reason` for the whole file
  /// (never `0:0`).
  static func located(_ e: DataError) -> String {
    let file = e.file == "-" ? InputSource.standardInputName : e.file
    if e.line <= 0 { return "\(file): \(e.reason)" }
    if e.column <= 0 { return "\(file):\(e.line): \(e.reason)" }
    return "\(file):\(e.line):\(e.column): \(e.reason)"
  }

  /// ArgumentParser's errors (and `ValidationError`s of `validate()`) in idou's style: `idou: MESSAGE` and where
  /// to look (`see 'idou table --help'`) instead of ArgumentParser's `Error: …` and the usage block. Help and
  /// `--version` requests print their text to standard output and exit 0.
  static func reportArgumentError(_ error: Error) -> Int32 {
    let code = Idou.exitCode(for: error)
    if code == .success {
      // --help, --version, `idou help …`: the full text, on standard output.
      let text = Idou.fullMessage(for: error)
      if text.isEmpty { return 0 }
      do {
        let out = try OutputWriter(path: nil)
        try out.write(text + "\n")
        try out.close()
        return 0
      } catch {
        return report(error)
      }
    }
    var message = Idou.message(for: error).trimmingWhitespace()
    if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
    if message.isEmpty { message = "\(error)" }
    printError("idou: \(idouStyle(message.split(separator: "\n").joined(separator: "; "))) \(helpHint)")
    return code == .validationFailure ? SysExit.usage : code.rawValue == 1 ? SysExit.software : code.rawValue
  }
}

extension Failure {
  /// ArgumentParser's sentences in idou's terser style, naming the option first:
  /// `The value 'H32' is invalid for '--year <year>': REASON` → `--year: REASON`;
  /// `… '--format <format>'. Please provide one of 'text', 'csv'…` → `--format: 'xlsx' is not one of text, csv…`;
  /// `Missing expected argument '--area <area>'` → `--area <area> is required`. Any other sentence keeps its words
  /// and starts in lower case.
  static func idouStyle(_ message: String) -> String {
    func between(_ s: Substring, _ open: String, _ close: String) -> (Substring, Substring)? {
      guard let a = s.firstRange(of: open), let b = s[a.upperBound...].firstRange(of: close) else { return nil }
      return (s[a.upperBound..<b.lowerBound], s[b.upperBound...])
    }
    let m = Substring(message)
    if m.hasPrefix("The value '"), let (value, rest) = between(m, "The value '", "' is invalid for '"),
       let (option, tail) = between("'" + rest, "'", "'")
    {
      let name = option.split(separator: " ").first.map(String.init) ?? String(option)
      if tail.hasPrefix(": ") { return "\(name): \(tail.dropFirst(2))" }
      if let list = tail.firstRange(of: "Please provide one of ") {
        var values = tail[list.upperBound...].replacing("'", with: "").replacing(" or ", with: ", ")
        if values.hasSuffix(".") { values.removeLast() }
        return "\(name): '\(value)' is not one of \(values)"
      }
      return "\(name): '\(value)' is not valid"
    }
    if let (option, _) = between(m, "Missing expected argument '", "'") { return "\(option) is required" }
    if let (option, _) = between(m, "Missing value for '", "'") { return "\(option) needs a value" }
    guard let first = message.first else { return message }
    return first.lowercased() + message.dropFirst()
  }
}

/// Runs a command body, turning the libraries' errors into one line on stderr and a sysexits code (see
/// ``Failure``).
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as ExitCode {
    throw e
  } catch {
    throw ExitCode(Failure.report(error))
  }
}
