// CRC-32C for the store's checksums. The hardware path feeds 8 bytes per instruction to three independent CRCs
// over thirds of each 3 KiB stretch and joins them with a shift by multiplication (carry-less, via a table of
// powers), so the instruction's 3-cycle latency is hidden; the tail goes 8 then 1 byte at a time.
#include "CIdouIO.h"

#include <pthread.h>
#include <string.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <nmmintrin.h>
#define IDOU_X86 1
#elif defined(__aarch64__)
#if defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_CRC32
#define HWCAP_CRC32 (1 << 7)
#endif
#endif
#define IDOU_ARM 1
#endif

#define POLY 0x82F63B78u

static uint32_t table[8][256];
static int hardware;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/// x^(2^k · 8) mod P for shifting a CRC forward by a run of zero bytes (`shift`).
static uint32_t multiply(uint32_t a, uint32_t b) {
  // a · b mod P in the reflected domain: bit 31 is x^0.
  uint32_t m = 1u << 31, p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) == 0) break;
    }
    m >>= 1;
    b = (b & 1) ? (b >> 1) ^ POLY : b >> 1;
  }
  return p;
}

static uint32_t powers[64];  // x^(8 · 2^k) mod P
/// The CRC register shifted over `THIRD` zero bytes, by byte of the register (shifting is linear over GF(2)).
#define THIRD 1024
static uint32_t shiftThird[4][256];
static uint32_t shift(uint32_t crc, size_t n);

static void init(void) {
  for (uint32_t i = 0; i < 256; i++) {
    uint32_t c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ POLY : c >> 1;
    table[0][i] = c;
  }
  for (int t = 1; t < 8; t++)
    for (int i = 0; i < 256; i++) table[t][i] = (table[t - 1][i] >> 8) ^ table[0][table[t - 1][i] & 0xFF];
  uint32_t p = 1u << 23;  // x^8 in the reflected domain
  for (int k = 0; k < 64; k++) {
    powers[k] = p;
    p = multiply(p, p);
  }
  for (int j = 0; j < 4; j++)
    for (uint32_t v = 0; v < 256; v++) shiftThird[j][v] = shift(v << (8 * j), THIRD);
#if IDOU_X86
  unsigned a, b, c, d;
  if (__get_cpuid(1, &a, &b, &c, &d)) hardware = (c & bit_SSE4_2) != 0;
#elif IDOU_ARM
#if defined(__linux__)
  hardware = (getauxval(AT_HWCAP) & HWCAP_CRC32) != 0;
#elif defined(__APPLE__)
  hardware = 1;
#endif
#endif
}

/// The CRC register after `n` more zero bytes.
static uint32_t shift(uint32_t crc, size_t n) {
  for (int k = 0; n; k++, n >>= 1)
    if (n & 1) crc = multiply(powers[k], crc);
  return crc;
}

/// The register after THIRD zero bytes, by four table lookups.
static inline uint32_t shifted(uint32_t c) {
  return shiftThird[0][c & 0xFF] ^ shiftThird[1][(c >> 8) & 0xFF] ^ shiftThird[2][(c >> 16) & 0xFF] ^
         shiftThird[3][c >> 24];
}

static uint32_t software(uint32_t c, const uint8_t *p, size_t n) {
  while (n && ((uintptr_t)p & 7)) { c = table[0][(c ^ *p++) & 0xFF] ^ (c >> 8); n--; }
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    w ^= c;
    c = table[7][w & 0xFF] ^ table[6][(w >> 8) & 0xFF] ^ table[5][(w >> 16) & 0xFF] ^ table[4][(w >> 24) & 0xFF] ^
        table[3][(w >> 32) & 0xFF] ^ table[2][(w >> 40) & 0xFF] ^ table[1][(w >> 48) & 0xFF] ^ table[0][w >> 56];
    p += 8;
    n -= 8;
  }
  while (n--) c = table[0][(c ^ *p++) & 0xFF] ^ (c >> 8);
  return c;
}

#if IDOU_X86
#define CRC8(c, w) ((uint32_t)_mm_crc32_u64((c), (w)))
#define CRC1(c, b) _mm_crc32_u8((c), (b))
#define TARGET __attribute__((target("sse4.2")))
#elif IDOU_ARM
#define CRC8(c, w) __builtin_arm_crc32cd((c), (w))
#define CRC1(c, b) __builtin_arm_crc32cb((c), (b))
#define TARGET __attribute__((target("crc")))
#endif

/// Counts a 16-bit value: `counts[min(v, limit)] += 1`, wrapping as Swift's `&+=` does (int32_t arithmetic would be
/// undefined on overflow).
static inline void count(int32_t *counts, uint32_t limit, uint32_t v) {
  int32_t *slot = &counts[v < limit ? v : limit];
  *slot = (int32_t)((uint32_t)*slot + 1u);
}

/// The four 16-bit values of a little-endian word, counted.
static inline void count4(int32_t *counts, uint32_t limit, uint64_t w) {
  count(counts, limit, (uint32_t)(w & 0xFFFF));
  count(counts, limit, (uint32_t)(w >> 16 & 0xFFFF));
  count(counts, limit, (uint32_t)(w >> 32 & 0xFFFF));
  count(counts, limit, (uint32_t)(w >> 48));
}

#if IDOU_X86 || IDOU_ARM
#if IDOU_X86
#define CRC2(c, v) _mm_crc32_u16((c), (v))
#else
#define CRC2(c, v) __builtin_arm_crc32ch((c), (v))
#endif
/// The CRC register after `n` bytes by the instruction; with `counts`, also counts every 16-bit value it passes
/// (`n` even), each word's four values as it is fed to the CRC, so the bytes come from memory once (the count
/// hides the memory's latency, the CRC hides in the count's shadow). Three independent CRCs over thirds of each
/// stretch, joined by `shifted`. Inlined into its two callers, where `counts` is NULL or not: each gets its own loop.
TARGET static inline __attribute__((always_inline)) uint32_t crcLoop(uint32_t c, const uint8_t *p, size_t n,
                                                                     int32_t *counts, uint32_t limit) {
  // Single steps up to an 8-byte boundary (two bytes a step when counting: the values stay whole).
  while (n >= (counts ? 2 : 1) && ((uintptr_t)p & 7)) {
    if (counts) {
      uint16_t v;
      memcpy(&v, p, 2);
      c = CRC2(c, v);
      count(counts, limit, v);
      p += 2;
      n -= 2;
    } else {
      c = CRC1(c, *p++);
      n--;
    }
  }
  const size_t third = THIRD;  // bytes per stream per stretch
  while (n >= 3 * third) {
    uint32_t c1 = 0, c2 = 0;
    for (size_t i = 0; i < third; i += 8) {
      uint64_t a, b, d;
      memcpy(&a, p + i, 8);
      memcpy(&b, p + third + i, 8);
      memcpy(&d, p + 2 * third + i, 8);
      c = CRC8(c, a);
      c1 = CRC8(c1, b);
      c2 = CRC8(c2, d);
      if (counts) {
        count4(counts, limit, a);
        count4(counts, limit, b);
        count4(counts, limit, d);
      }
    }
    c = shifted(c) ^ c1;
    c = shifted(c) ^ c2;
    p += 3 * third;
    n -= 3 * third;
  }
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, p, 8);
    c = CRC8(c, w);
    if (counts) count4(counts, limit, w);
    p += 8;
    n -= 8;
  }
  // The last bytes (counted two at a time; `n` is even then).
  for (; n >= 2 && counts; p += 2, n -= 2) {
    uint16_t v;
    memcpy(&v, p, 2);
    c = CRC2(c, v);
    count(counts, limit, v);
  }
  while (n--) c = CRC1(c, *p++);
  return c;
}

TARGET static uint32_t instruction(uint32_t c, const uint8_t *p, size_t n) { return crcLoop(c, p, n, NULL, 0); }

TARGET static uint32_t instructionCounting(uint32_t c, const uint8_t *p, size_t n, int32_t *counts, uint32_t limit) {
  return crcLoop(c, p, n, counts, limit);
}
#endif

uint32_t idou_crc32c_counting16(uint32_t crc, const void *data, size_t n, int32_t *counts, uint32_t limit) {
  pthread_once(&once, init);
  const uint8_t *p = (const uint8_t *)data;
  n &= ~(size_t)1;
#if IDOU_X86 || IDOU_ARM
  if (hardware) return ~instructionCounting(~crc, p, n, counts, limit);
#endif
  uint32_t c = ~software(~crc, p, n);
  for (size_t i = 0; i < n; i += 2) {
    uint16_t v;
    memcpy(&v, p + i, 2);
    count(counts, limit, v);
  }
  return c;
}

uint32_t idou_crc32c(uint32_t crc, const void *data, size_t n) {
  pthread_once(&once, init);
  uint32_t c = ~crc;
#if IDOU_X86 || IDOU_ARM
  if (hardware) return ~instruction(c, (const uint8_t *)data, n);
#endif
  return ~software(c, (const uint8_t *)data, n);
}

int idou_crc32c_hardware(void) {
  pthread_once(&once, init);
  return hardware;
}
