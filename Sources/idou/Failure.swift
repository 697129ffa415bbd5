import ArgumentParser
import IdouCore
import IdouIngest

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Exit codes from sysexits(3), as DESIGN §6 asks.
enum SysExit {
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let ioError: Int32 = 74
}

/// Writes a line to standard error.
func printError(_ line: String) {
  var bytes = Array((line + "\n").utf8)
  _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
}

/// Runs a command body, turning the libraries' errors into one line on stderr and a sysexits code.
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let e as DataError {
    printError("idou: \(e)")
    throw ExitCode(SysExit.dataError)
  } catch let e as InputFileError {
    printError("idou: \(e)")
    throw ExitCode(e.kind == .missing ? SysExit.noInput : SysExit.ioError)
  } catch let e as CodeError {
    printError("idou: \(e)")
    throw ExitCode(SysExit.usage)
  } catch let e as RegionSetError {
    printError("idou: \(e)")
    throw ExitCode(SysExit.usage)
  } catch let e as CubeError {
    printError("idou: \(e)")
    throw ExitCode(SysExit.dataError)
  }
}
