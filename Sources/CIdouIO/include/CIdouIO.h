// The few things IdouIO needs from C that Swift cannot say well: the CRC-32C instruction (alone, and fused with a
// count of the 16-bit values it passes), a SIGBUS handler that needs the faulting address (siginfo_t) and must not
// allocate, and Linux's sync_file_range (declared only under _GNU_SOURCE). Called only from IdouIO's Syscalls.swift.
#ifndef CIDOUIO_H
#define CIDOUIO_H

#include <stddef.h>
#include <stdint.h>

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `n` bytes, continuing `crc` (0 to start).
/// Uses the SSE4.2 / ARMv8 CRC32C instruction when the CPU has it, else slicing-by-8 tables.
uint32_t idou_crc32c(uint32_t crc, const void *data, size_t n);

/// idou_crc32c of the `n` bytes at `data` (`n` even), counting as it goes each little-endian 16-bit value `v` in them:
/// `counts[v < limit ? v : limit] += 1` (wrapping; `counts` has `limit + 1` entries). One pass over memory for a
/// checked histogram (the store's cell column).
uint32_t idou_crc32c_counting16(uint32_t crc, const void *data, size_t n, int32_t *counts, uint32_t limit);

/// Whether idou_crc32c uses the CPU instruction.
int idou_crc32c_hardware(void);

/// Registers `[base, base + length)` as a mapping whose pages may vanish (a file truncated while mapped). A
/// SIGBUS inside it maps a zero page over the faulting page and marks the slot, so the reader goes on (reading
/// zeros) and is told afterwards; a SIGBUS anywhere else ends the process as before. Returns a slot (≥ 0) or -1
/// when all slots are taken.
int idou_fault_guard_register(const void *base, size_t length);

/// Whether a SIGBUS happened inside the slot's range since it was registered.
int idou_fault_guard_faulted(int slot);

/// Frees a slot (before the mapping is unmapped).
void idou_fault_guard_unregister(int slot);

/// Starts writing `count` bytes from `offset` of file `fd` back to disk without waiting (Linux
/// sync_file_range(SYNC_FILE_RANGE_WRITE); elsewhere nothing). Returns 0 or -1 (errno set).
int idou_start_writeback(int fd, long long offset, long long count);

#endif
