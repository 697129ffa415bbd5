import ArgumentParser
import IdouIO
import IdouReport

extension OutputFormat: ExpressibleByArgument {}
extension OutputEncoding: ExpressibleByArgument {}

/// A command that writes a table: the formats it writes and the one it writes by default.
protocol WritesTables {
  static var formats: [OutputFormat] { get }
  static var defaultFormat: OutputFormat { get }
}

/// `--format FORMAT` of a command that writes `Command.formats`: help and errors list exactly those.
struct FormatChoice<Command: WritesTables>: ExpressibleByArgument {
  let format: OutputFormat

  init(_ format: OutputFormat) { self.format = format }

  init?(argument: String) {
    guard let f = OutputFormat(rawValue: argument.lowercased()), Command.formats.contains(f) else { return nil }
    format = f
  }

  static var allValueStrings: [String] { Command.formats.map(\.rawValue) }
  var defaultValueDescription: String { format.rawValue }
}

/// `--format`, `--output` (and `--encoding`): what a table looks like and where it goes, the same in every
/// command that writes one.
///
/// Everything goes through ``Output`` and so through IdouIO's ``OutputWriter``: a file is replaced only when
/// complete, never an input, never through a symbolic link; a lost write is exit 74.
struct OutputOptions<Command: WritesTables>: ParsableArguments {
  @Option(name: .customLong("format"), help: "Output format.")
  var formatChoice: FormatChoice<Command> = .init(Command.defaultFormat)

  /// The format asked for.
  var format: OutputFormat { formatChoice.format }

  @Option(help: ArgumentHelp("Write to this file instead of standard output (replaced only when complete; never an input).",
                             valueName: "file"))
  var output: String?

  @Option(help: ArgumentHelp(
    "Text encoding of text and CSV output: utf-8, utf-8-bom (Excel opens such a CSV on a double click) or cp932 "
      + "(Shift_JIS, what Excel on a Japanese PC assumes without a BOM).", valueName: "encoding"))
  var encoding: OutputEncoding = .utf8

  /// The text as the bytes to write, in `--encoding`.
  /// - Throws: `CP932.Unencodable` naming a character CP932 cannot write.
  func bytes(of text: String) throws -> [UInt8] { try encoding.encode(text) }

  /// Writes the command's whole output to `--output` or standard output.
  func write(_ text: String) throws {
    try Output.write(bytes(of: text), to: output)
  }

  /// Writes a document in `--format`: text formats as text in `--encoding`; xlsx as a workbook, which
  /// libxlsxwriter writes to a scratch file by name and which then goes out through the same writer.
  func write(_ document: Document) throws {
    guard format == .xlsx else { return try write(document.text(format)) }
    try Output.writeWorkbook(document.workbook, to: output)
  }
}

/// `--output FILE` of a command that writes one document (SVG, HTML).
struct DocumentOutputOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Write to this file instead of standard output (replaced only when complete; never an input).",
                             valueName: "file"))
  var output: String?

  func write(_ text: String) throws { try Output.write(Array(text.utf8), to: output) }

  /// Writes a workbook (`report --format xlsx`).
  func write(_ workbook: Workbook) throws { try Output.writeWorkbook(workbook, to: output) }
}

/// Where a command's bytes go: standard output (nil or `-`) or a file, through one ``OutputWriter`` that knows
/// the command's input files (``CommandLineFiles``).
enum Output {
  /// Writes a workbook: libxlsxwriter fills a scratch file by name (it has no memory output), whose bytes then
  /// go through the one writer like any text. A terminal is refused (a workbook is binary).
  static func writeWorkbook(_ workbook: Workbook, to path: String?) throws {
    if (path == nil || path == "-") && StandardStreams.standardOutputIsTerminal {
      throw ValidationError("--format xlsx writes a binary workbook: give --output FILE.xlsx (or redirect it)")
    }
    let scratch = try ScratchFile(suffix: "xlsx")
    try workbook.write(to: scratch.path)
    try write(try scratch.readAll(), to: path)
  }

  /// A writer on `path` (standard output for nil or `-`) that refuses the command's inputs. Write to it and
  /// `close()` it; dropping it unclosed removes its temporary file.
  static func writer(to path: String?) throws(FileError) -> OutputWriter {
    try OutputWriter(path: path, avoiding: CommandLineFiles.current)
  }

  /// Writes `bytes` whole to `path` (standard output for nil or `-`).
  static func write(_ bytes: [UInt8], to path: String?) throws(FileError) {
    let out = try writer(to: path)
    try out.write(bytes)
    try out.close()
  }

  /// Writes `text` whole to standard output.
  static func standardOutput(_ text: String) throws(FileError) {
    try write(Array(text.utf8), to: nil)
  }
}

/// A command that names files: every input it reads and every output it writes, as given on the command line.
/// ``Idou/main()`` checks them before the command runs (``CommandLineFiles``).
protocol NamesFiles {
  var inputFiles: [String] { get }
  var outputFiles: [String?] { get }
}

/// The files of the running command, checked once before it runs: an input given twice, an output that is an
/// input (or a link, or given twice) end the command before anything is read.
enum CommandLineFiles {
  nonisolated(unsafe) private(set) static var current = CommandFiles()
  /// The inputs read so far (the bundled files included), for messages about the data as a whole.
  nonisolated(unsafe) static var read: [String] = []

  static func check(_ command: ParsableCommand) throws(FileError) {
    guard let c = command as? NamesFiles else { return }
    var files = CommandFiles()
    for path in c.inputFiles { try files.input(path) }
    for path in c.outputFiles { try files.output(path) }
    current = files
  }
}
