import IdouCore
import IdouIO

/// Move-record files (`date,from,to,sex[,age][,nationality]`) through the one way in. The records keep their own
/// parallel hot path (``MoveRecordReader``: memory map, per-thread counters); this adapter only calls its public
/// API and hands the prefecture flows on as a ``FlowTable`` (docs/ARCHITECTURE.md §4, §5).
struct MoveRecordsInput: InputLayout {
  var name: String { "move records" }

  func recognise(_ head: InputHead) -> Recognition {
    do {
      _ = try RecordHeader(fields: head.header)
      return .sure
    } catch {
      // Three of the columns but not all: a record file with a broken header, which its reader explains.
      return error == .notRecords ? .no : .maybe
    }
  }

  func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    let source: RecordSource = try input.path.map { try RecordSource.path($0) } ?? .bytes(input.rawBytes(), name: input.file)
    let r = try MoveRecordReader(options: .init(catalog: try? MunicipalCatalog.bundled())).cube(source)
    var flows = FlowTable(r.cube, boundary: .prefecture)
    flows.withinGiven = false  // moves within a prefecture are counted apart from the cube
    return InputResult(figures: [.flows(flows)], report: r.report)
  }
}

/// Binary stores (`.idou`, ``RecordStore``), read by their own memory-mapped reader.
struct RecordStoreInput: InputLayout {
  var name: String { "record store" }

  func recognise(_ head: InputHead) -> Recognition { head.raw.starts(with: Array("IDOUSTOR".utf8)) ? .sure : .no }

  func read(_ input: InputData, options: ReadOptions) throws -> InputResult {
    guard let path = input.path else {
      throw DataError(file: input.file, line: 0, column: 0, reason: "a record store is read from a file (memory-mapped), not from a pipe")
    }
    let store = try StoreReader(path: path)
    var report = ReadReport(file: input.file)
    report.rowsRead = store.rows
    report.rowsUsed = store.rows
    var flows = FlowTable(try store.cube(), boundary: .prefecture)
    flows.withinGiven = false
    return InputResult(figures: [.flows(flows)], report: report)
  }
}
