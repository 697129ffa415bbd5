import CBLAS

extension Kernels {
  /// Groups both sides of a stack of square matrices at once: for every block F_b (n × n), Q_b = Gₒ · F_b · G_dᵀ.
  ///
  /// This is DESIGN §4's region grouping done by OpenBLAS with two `dgemm` calls for all blocks (all periods and
  /// sexes), not one per month:
  ///
  /// 1. P = F_stack · G_dᵀ — the stack of B blocks viewed as one (B·n) × n matrix times n × g_d.
  /// 2. P is permuted to n × (B·g_d) (origin-major) so that Q' = Gₒ · P' is a single (g_o × n)·(n × B·g_d)
  ///    product; Q' is permuted back to block order.
  ///
  /// Counts travel as `Double`: every sum of counts is an integer far below 2⁵³, so the products are exact.
  ///
  /// - Parameters:
  ///   - stack: B blocks of rows × cols counts, row-major, blocks consecutive.
  ///   - rows, cols: the block shape (origins × destinations).
  ///   - originGroups: g_o × rows membership (0/1) matrix, or `nil` to keep origins.
  ///   - destinationGroups: g_d × cols membership matrix, or `nil` to keep destinations.
  /// - Returns: B blocks of g_o × g_d grouped counts.
  /// - Complexity: O(B · rows · cols · g_d + B · g_o · rows · g_d).
  public static func groupBlocks(
    _ stack: [Int32], blocks: Int, rows: Int, cols: Int,
    originGroups: [Double]?, originGroupCount: Int,
    destinationGroups: [Double]?, destinationGroupCount: Int
  ) -> [Int32] {
    precondition(stack.count == blocks * rows * cols)
    guard blocks > 0 else { return [] }
    let f = stack.map(Double.init)

    // Step 1: destinations.
    var p: [Double]
    var pc: Int
    if let gd = destinationGroups, destinationGroupCount > 0, rows > 0, cols > 0 {
      precondition(gd.count == destinationGroupCount * cols)
      pc = destinationGroupCount
      p = [Double](repeating: 0, count: blocks * rows * pc)
      withBLAS {
        idou_dgemm(Int32(IDOU_NO_TRANS), Int32(IDOU_TRANS),
                   Int32(blocks * rows), Int32(pc), Int32(cols),
                   1, f, Int32(cols), gd, Int32(cols), 0, &p, Int32(pc))
      }
    } else if destinationGroups != nil {
      pc = destinationGroupCount
      p = [Double](repeating: 0, count: blocks * rows * pc)
    } else {
      p = f
      pc = cols
    }

    // Step 2: origins.
    guard let go = originGroups else { return p.map { Int32(exactly: $0.rounded()) ?? Int32.max } }
    let g = originGroupCount
    precondition(go.count == g * rows)
    var result = [Int32](repeating: 0, count: blocks * g * pc)
    guard g > 0, rows > 0, pc > 0 else { return result }
    // P' [origin][block][k] from P [block][origin][k].
    var pPrime = [Double](repeating: 0, count: rows * blocks * pc)
    for b in 0..<blocks {
      for o in 0..<rows {
        let src = (b * rows + o) * pc, dst = (o * blocks + b) * pc
        for k in 0..<pc { pPrime[dst + k] = p[src + k] }
      }
    }
    var q = [Double](repeating: 0, count: g * blocks * pc)
    withBLAS {
      idou_dgemm(Int32(IDOU_NO_TRANS), Int32(IDOU_NO_TRANS),
                 Int32(g), Int32(blocks * pc), Int32(rows),
                 1, go, Int32(rows), pPrime, Int32(blocks * pc), 0, &q, Int32(blocks * pc))
    }
    // Back to [block][group][k].
    for h in 0..<g {
      for b in 0..<blocks {
        let src = (h * blocks + b) * pc, dst = (b * g + h) * pc
        for k in 0..<pc { result[dst + k] = Int32(exactly: q[src + k].rounded()) ?? Int32.max }
      }
    }
    return result
  }
}
