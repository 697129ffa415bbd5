import CBLAS
import Synchronization

extension Kernels {
  /// Stops OpenBLAS's idle worker threads, so that they do not compete with the engine's own threads.
  ///
  /// OpenBLAS (pthreads build) starts one worker per core when the library loads, and each worker
  /// busy-waits (`sched_yield` in a loop) for about 2²⁸ cycles — some 80 ms — before it sleeps. On a 2-core machine
  /// that spinning worker takes a large share of a core from the record reader's threads at the start of every run
  /// (measured: 10M records on 2 threads, 0.39 s → 0.28 s of CPU). `blas_thread_shutdown_` ends the workers; the
  /// next BLAS call that wants threads starts them again, so BLAS results are unaffected. The symbol is looked up
  /// at run time: with a BLAS that lacks it (serial or OpenMP builds, other platforms) this does nothing. OpenBLAS
  /// is opened at its first use (see CBLAS.h), so a command that multiplies no matrices has no workers to stop.
  ///
  /// Call it before starting parallel work of one's own; it is cheap when the workers are already stopped.
  public static func stopIdleBLASThreads() {
    withBLAS { _ = idou_blas_stop_idle_threads() }
  }

  /// Whether the products go through OpenBLAS (opening it now if needed): false when it cannot be loaded and plain
  /// loops take them.
  public static var usesOpenBLAS: Bool { idou_blas_loaded() != 0 }

  /// Runs `body` holding the one lock idou takes around OpenBLAS: every `cblas_*` call of the library and
  /// ``stopIdleBLASThreads()`` go through it, because shutting the workers down while another thread is inside a
  /// BLAS call makes OpenBLAS spin forever (seen when tests ran grouping and record reading in parallel).
  static func withBLAS<R>(_ body: () -> R) -> R {
    blasLock.withLock { _ in body() }
  }
}

private let blasLock = Mutex(())
