/// What the running process knows about where it is: its environment, working directory and executable (for
/// finding the bundled `datasets/` beside a copied binary).
public enum RunningProcess {
  /// The value of an environment variable, if set.
  public static func environment(_ name: String) -> String? { system_getenv(name) }

  /// The working directory.
  public static var currentDirectory: String? { system_getcwd() }

  /// The path of the running executable.
  public static var executablePath: String? { system_executablePath() }

  /// Whether `path` exists and can be read by this process.
  public static func canRead(_ path: String) -> Bool { system_access(path, writable: false) }
}
