/// Sizes around the widths of the SIMD and SWAR code (8-byte words, 16-lane vectors, 47 prefectures, 64-byte
/// blocks): the tails and the empty case are where vector code goes wrong.
public let awkwardSizes = [0, 1, 2, 7, 8, 9, 15, 16, 17, 47, 63, 64, 65]
