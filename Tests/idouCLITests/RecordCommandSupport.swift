

/// Runs the built `idou` in `directory` and returns stdout, stderr and the exit status (``runIdou``).
func runRecordsCLI(_ arguments: [String], in directory: String) -> (out: String, err: String, status: Int32) {
  let r = runIdou(arguments, in: directory)
  return (r.out, r.err, r.status)
}

func contents(_ path: String) -> String { fileText(path) }

func write(_ text: String, to path: String) { writeFile(path, text) }
