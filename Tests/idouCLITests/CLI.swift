import Foundation
@_exported import _TestSupport

/// Runs the built `idou` binary and captures its whole output (through _TestSupport's ``runIdou``).
struct CLI {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    let r = runIdou(arguments, environment: environment)
    return Result(status: r.status, stdout: r.out, stderr: r.err)
  }
}

