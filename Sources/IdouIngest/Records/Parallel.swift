import IdouCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs work items on exactly as many OS threads as asked: `body(0)` on the calling thread, the others on new
/// pthreads, and returns when all are done. (libdispatch's `concurrentPerform` may run everything on one thread
/// when the machine is busy; the reader wants its chunks truly in parallel.)
enum Parallel {
  final class Job: @unchecked Sendable {
    let index: Int
    let body: (Int) -> Void
    init(index: Int, body: @escaping (Int) -> Void) {
      self.index = index
      self.body = body
    }
  }

  static func run(_ count: Int, _ body: (Int) -> Void) {
    // OpenBLAS's spinning idle workers would take a core from ours (and burn CPU beside a single thread).
    Kernels.stopIdleBLASThreads()
    guard count > 1 else {
      if count == 1 { body(0) }
      return
    }
    withoutActuallyEscaping(body) { escapable in
      var threads: [pthread_t] = []
      for i in 1..<count {
        let job = Unmanaged.passRetained(Job(index: i, body: escapable)).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, nil, { raw in
          let job = Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue()
          job.body(job.index)
          return nil
        }, job)
        if rc == 0 {
          threads.append(t)
        } else {
          // No thread to be had: do the work here.
          let j = Unmanaged<Job>.fromOpaque(job).takeRetainedValue()
          j.body(j.index)
        }
      }
      escapable(0)
      for t in threads { pthread_join(t, nil) }
    }
  }

  /// One piece of work at a time on a thread of its own, beside the caller: ``start(_:)`` begins it, ``wait()``
  /// joins it and rethrows its error. The ingest hands a window's records to the store builder this way while the
  /// next window is parsed. Owned by one thread.
  final class Background: @unchecked Sendable {
    private var thread: pthread_t?
    private var body: (() throws -> Void)?
    private var failure: (any Error)?

    init() {}

    /// Runs `body` on a new thread (or here, when no thread can be had). Call ``wait()`` first if one is running.
    func start(_ body: @escaping () throws -> Void) {
      precondition(thread == nil, "wait for the running piece first")
      self.body = body
      var t = pthread_t()
      let me = Unmanaged.passRetained(self).toOpaque()
      let rc = pthread_create(&t, nil, { raw in
        let task = Unmanaged<Background>.fromOpaque(raw!).takeRetainedValue()
        task.run()
        return nil
      }, me)
      if rc == 0 {
        thread = t
      } else {
        Unmanaged<Background>.fromOpaque(me).release()
        run()
      }
    }

    private func run() {
      do { try body?() } catch { failure = error }
      body = nil
    }

    /// Waits for the running piece (if any) and rethrows what it threw.
    func wait() throws {
      if let t = thread {
        pthread_join(t, nil)
        thread = nil
      }
      if let e = failure {
        failure = nil
        throw e
      }
    }

    /// Waits, ignoring any error (for a path that is already throwing).
    func finish() { try? wait() }

    deinit { finish() }
  }
}
