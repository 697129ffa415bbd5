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

func temporaryFile(_ text: String, name: String = "input.csv") throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idou-cli-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent(name).path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}
