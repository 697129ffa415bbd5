/// The SIMD kernels of idou: small, unsafe-free where possible, each with a scalar reference in the tests.
///
/// They rely on one invariant: the buffers they are given are dense row-major matrices of the stated size.
public enum Kernels {
  /// Counts are summed in `Int64` lanes: a sum of `Int32` cells can exceed `Int32.max` only on absurd input,
  /// but widening costs one instruction per vector and makes overflow impossible.
  public typealias Lanes = SIMD8<Int64>

  /// Σ of all elements, 8 lanes at a time.
  ///
  /// - Complexity: O(n).
  @inlinable
  public static func sum(_ values: [Int32]) -> Int64 {
    values.withUnsafeBufferPointer { buf in
      var acc = Lanes()
      var i = 0
      let n = buf.count
      while i + 8 <= n {
        acc &+= Lanes(truncatingIfNeeded: load8(buf, i))
        i += 8
      }
      var s = acc.wrappedSum()
      while i < n { s &+= Int64(buf[i]); i += 1 }
      return s
    }
  }

  /// Row sums and column sums of an n × n row-major matrix of counts.
  ///
  /// Column sums add each row into an accumulator vector-wise (the natural SIMD direction for row-major data);
  /// row sums are horizontal reductions of 8-lane partial sums.
  ///
  /// - Parameters:
  ///   - matrix: n × n counts, row-major.
  ///   - rows: receives n row sums (転出 before removing the diagonal).
  ///   - columns: receives n column sums (転入 before removing the diagonal).
  /// - Complexity: O(n²).
  @inlinable
  public static func rowAndColumnSums(_ matrix: [Int32], n: Int, rows: inout [Int64], columns: inout [Int64]) {
    precondition(matrix.count == n * n && rows.count >= n && columns.count >= n)
    matrix.withUnsafeBufferPointer { m in
      columns.withUnsafeMutableBufferPointer { col in
        rows.withUnsafeMutableBufferPointer { row in
          for j in 0..<n { col[j] = 0 }
          for i in 0..<n {
            let base = i * n
            var acc = Lanes()
            var j = 0
            while j + 8 <= n {
              let v = Lanes(truncatingIfNeeded: load8(m, base + j))
              acc &+= v
              var c = load8(col, j)
              c &+= v
              store8(c, col, j)
              j += 8
            }
            var s = acc.wrappedSum()
            while j < n {
              let v = Int64(m[base + j])
              s &+= v
              col[j] &+= v
              j += 1
            }
            row[i] = s
          }
        }
      }
    }
  }

  /// Element-wise `a += b` with SIMD, for merging per-thread cubes.
  ///
  /// - Complexity: O(n).
  @inlinable
  public static func add(_ b: UnsafeBufferPointer<Int32>, into a: UnsafeMutableBufferPointer<Int32>) {
    precondition(a.count == b.count)
    let n = a.count
    var i = 0
    while i + 16 <= n {
      var x = SIMD16<Int32>()
      var y = SIMD16<Int32>()
      for k in 0..<16 { x[k] = a[i + k]; y[k] = b[i + k] }
      x &+= y
      for k in 0..<16 { a[i + k] = x[k] }
      i += 16
    }
    while i < n { a[i] &+= b[i]; i += 1 }
  }

  // MARK: Loads and stores (the compiler turns these lane loops into single vector moves)

  @inlinable @inline(__always)
  static func load8(_ p: UnsafeBufferPointer<Int32>, _ i: Int) -> SIMD8<Int32> {
    var v = SIMD8<Int32>()
    for k in 0..<8 { v[k] = p[i + k] }
    return v
  }

  @inlinable @inline(__always)
  static func load8(_ p: UnsafeMutableBufferPointer<Int64>, _ i: Int) -> Lanes {
    var v = Lanes()
    for k in 0..<8 { v[k] = p[i + k] }
    return v
  }

  @inlinable @inline(__always)
  static func store8(_ v: Lanes, _ p: UnsafeMutableBufferPointer<Int64>, _ i: Int) {
    for k in 0..<8 { p[i + k] = v[k] }
  }
}
