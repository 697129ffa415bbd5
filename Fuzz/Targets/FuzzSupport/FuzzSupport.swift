import IdouCore
import IdouIngest

/// The layouts whose name contains one of `names` (``Inputs/layouts``, the one list every input goes through).
/// Stops the fuzzer at once when a name matches nothing, so a renamed layout is never fuzzed silently as nothing.
public func layouts(named names: [String]) -> [any InputLayout] {
  let found = Inputs.layouts.filter { l in names.contains { l.name.contains($0) } }
  precondition(found.count >= names.count, "no layout named \(names) in \(Inputs.layouts.map(\.name))")
  return found
}

/// Reads `data` with each layout as if it had recognised it: whatever the bytes, a layout must return or throw,
/// never crash, trap or hang. The file name carries a year, as a wide matrix's name may.
public func fuzz(_ layouts: [any InputLayout], _ data: UnsafePointer<UInt8>?, _ size: Int) {
  guard let data else { return }
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let input = InputData(file: "fuzz-2025.csv", path: nil, bytes: bytes)
  for layout in layouts { _ = try? layout.read(input, options: ReadOptions()) }
}
