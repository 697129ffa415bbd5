/// Which file a path names, as the kernel knows it: device and inode. Two paths with the same identity are the
/// same file, whatever links, `..` or hard links lie between them.
public struct FileIdentity: Hashable, Sendable {
  public let device: UInt64
  public let inode: UInt64

  init(_ status: FileStatus) {
    device = status.device
    inode = status.inode
  }

  /// The identity of the file `path` names, following symbolic links; nil when there is no such file.
  public init?(path: String) {
    guard let s = system_stat(path, followingLinks: true).status else { return nil }
    self.init(s)
  }

  /// The identity of an open descriptor (standard output is `descriptor: 1`).
  public init?(descriptor: Int32) {
    guard let s = system_fstat(descriptor).status else { return nil }
    self.init(s)
  }
}
