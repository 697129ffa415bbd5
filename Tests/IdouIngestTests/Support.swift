import Foundation
@_exported import _TestSupport


/// Writes text to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "input.csv") throws -> String {
  let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idou-tests-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  let path = dir.appendingPathComponent(name).path
  try text.write(toFile: path, atomically: true, encoding: .utf8)
  return path
}
