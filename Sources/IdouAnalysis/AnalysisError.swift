import IdouCore
import IdouProjection

/// Why a use case cannot answer: each says what the data has, so the user can ask again.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
  /// An area the data does not have.
  case noSuchArea(String, have: String)
  /// A year the data has no month of.
  case noSuchYear(Int, have: String)
  /// Months asked for that the data does not have for the year.
  case noSuchMonths(year: Int, through: Int, have: String)
  /// A projection asked for a year the data has in full, with no `--through` to say from which months.
  case yearIsComplete(Int)
  /// Two inputs (or an input and its own total) give different figures for the same thing.
  case disagreement(String)
  /// A month some series have and others lack (a panel needs the same months for all its series).
  case partialCoverage(String)
  /// The data has nothing the use case can work with.
  case noData(String)

  public var description: String {
    switch self {
    case .noSuchArea(let a, let have): "no area \(a) in the data (it has \(have))"
    case .noSuchYear(let y, let have): "no month of \(y) in the data (it has \(have))"
    case .noSuchMonths(let y, let m, let have):
      "the data does not have \(y) through month \(m) (it has \(have))"
    case .yearIsComplete(let y):
      "\(y) is complete in the data: give --through 1–11 to project it from its first months (and compare with the actual)"
    case .disagreement(let why): "the inputs disagree: \(why)"
    case .partialCoverage(let why): "\(why)"
    case .noData(let why): "no data: \(why)"
    }
  }
}
