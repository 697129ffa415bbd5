import ArgumentParser
import IdouCore
import IdouIngest

/// The options several commands share, declared once: the same name, the same values, the same help.

// MARK: - --year

/// `--year`: a calendar year as people write it, `2025`, `R7`, `令和7`, `H26`, `平成26年` (``Era/calendarYear(parsing:)``).
enum YearArgument {
  /// The transform of a `--year` option: `@Option(help: YearArgument.help("…"), transform: YearArgument.parse)`.
  static func parse(_ text: String) throws -> Int {
    guard let year = Era.calendarYear(parsing: text) else {
      throw ValidationError("'\(text)' is not a year: give 2025, R7, 令和7 or H26")
    }
    return year
  }

  /// The help of a `--year` option: `what`, then the forms it accepts.
  static func help(_ what: String) -> ArgumentHelp {
    ArgumentHelp("\(what) Written 2025, R7 or 令和7 (H26, 平成26 for 2014).", valueName: "year")
  }
}

// MARK: - --sex

/// `--sex total|male|female|all`: 総数, 男, 女, or each of them. Also accepts 総数, 計, 男, 女 and 0, 1, 2.
enum SexChoice: String, CaseIterable, ExpressibleByArgument {
  case total, male, female, all

  init?(argument: String) {
    switch argument.lowercased() {
    case "total", "0", "総数", "計": self = .total
    case "male", "m", "1", "男": self = .male
    case "female", "f", "2", "女": self = .female
    case "all": self = .all
    default: return nil
    }
  }

  var sexes: [Sex] {
    switch self {
    case .total: [.total]
    case .male: [.male]
    case .female: [.female]
    case .all: [.total, .male, .female]
    }
  }
}

/// `--sex total|male|female` of a command that shows one series: 総数, 男 or 女 (also accepts those words and
/// 0, 1, 2).
enum SeriesSex: String, CaseIterable, ExpressibleByArgument {
  case total, male, female

  init?(argument: String) {
    guard let choice = SexChoice(argument: argument), let one = SeriesSex(rawValue: choice.rawValue) else { return nil }
    self = one
  }

  var sex: Sex {
    switch self {
    case .total: .total
    case .male: .male
    case .female: .female
    }
  }
}

// MARK: - --regions

/// `--regions SET`: a built-in region set, a set shipped in `datasets/regions`, or a region-set file.
enum RegionSetArgument {
  /// The sets shipped as files in `datasets/regions` (a test checks this list against the directory).
  static let shipped = ["21-cities", "blocks-9", "blocks-10", "kumamoto-report"]

  /// Every set a name can give, as the help lists them.
  static var names: [String] {
    RegionSet.builtIn.keys.filter { $0.allSatisfy(\.isASCII) }.sorted() + shipped
  }

  /// The help of a `--regions` option: `what`, then every name it takes.
  static func help(_ what: String) -> ArgumentHelp {
    ArgumentHelp("\(what) A set: \(names.joined(separator: ", ")); or a file area,group,group_name.",
                 valueName: "set")
  }

  /// The transform of a `--regions` option: a known name or a file path (`/` or `.csv`), else a usage error
  /// listing every name.
  static func parse(_ text: String) throws -> String {
    if RegionSet.builtIn[text] != nil || shipped.contains(text) || text.contains("/") || text.hasSuffix(".csv") {
      return text
    }
    throw ValidationError("unknown region set '\(text)': give one of \(names.joined(separator: ", ")), or a file")
  }
}

// MARK: - --era

/// `--era [short|long]`: era year labels, `R7年` (short, the seed's style) or `令和7年`, `令和元年` (long).
/// A bare `--era` means short (``EraArgument/normalized(_:)`` supplies the value ArgumentParser needs).
enum EraArgument: String, CaseIterable, ExpressibleByArgument {
  case short, long

  static let help = ArgumentHelp(
    "Label years by era: R7年, H26年 (short, also a bare --era) or 令和7年, 令和元年 (long); default 2025年.",
    valueName: "style")

  /// The year style of an `--era` option's value (Gregorian without one).
  static func style(_ choice: EraArgument?) -> YearStyle {
    switch choice {
    case nil: .gregorian
    case .short: .era
    case .long: .eraLong
    }
  }

  /// The arguments with `short` after every `--era` that has no value of its own (ArgumentParser has no options
  /// with an optional value): `--era --year R7` becomes `--era short --year R7`.
  static func normalized(_ arguments: [String]) -> [String] {
    var out: [String] = []
    for (i, a) in arguments.enumerated() {
      out.append(a)
      if a == "--era" && (i + 1 == arguments.count || EraArgument(rawValue: arguments[i + 1]) == nil) {
        out.append(EraArgument.short.rawValue)
      }
    }
    return out
  }
}
