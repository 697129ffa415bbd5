// The SIGBUS guard of memory-mapped inputs (see CIdouIO.h). A file truncated while it is mapped makes reads of the
// lost pages raise SIGBUS; the handler maps a zero page there instead, so the read goes on, and records it, so the
// reader reports "the file changed while it was read" instead of the process dying. Only async-signal-safe calls
// (mmap, sigaction, raise) and lock-free atomics are used in the handler.
#define _GNU_SOURCE
#include "CIdouIO.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define SLOTS 64

static _Atomic(uintptr_t) starts[SLOTS];
static _Atomic(uintptr_t) ends[SLOTS];
static atomic_int faulted[SLOTS];
static atomic_int claimed[SLOTS];
static atomic_int installed;
static struct sigaction previous;

static void handler(int sig, siginfo_t *info, void *context) {
  uintptr_t a = (uintptr_t)info->si_addr;
  for (int i = 0; i < SLOTS; i++) {
    uintptr_t s = atomic_load(&starts[i]), e = atomic_load(&ends[i]);
    if (s && a >= s && a < e) {
      long page = sysconf(_SC_PAGESIZE);
      void *at = (void *)(a & ~(uintptr_t)(page - 1));
      if (mmap(at, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
        atomic_store(&faulted[i], 1);
        return;
      }
    }
  }
  // Not ours: end the process the way SIGBUS would have.
  sigaction(SIGBUS, &previous, NULL);
  if (previous.sa_flags & SA_SIGINFO) {
    if (previous.sa_sigaction) { previous.sa_sigaction(sig, info, context); return; }
  } else if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
    previous.sa_handler(sig);
    return;
  }
  signal(SIGBUS, SIG_DFL);
  raise(SIGBUS);
}

int idou_fault_guard_register(const void *base, size_t length) {
  if (!atomic_exchange(&installed, 1)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &previous);
  }
  for (int i = 0; i < SLOTS; i++) {
    int free = 0;
    if (atomic_compare_exchange_strong(&claimed[i], &free, 1)) {
      // `ends` last: until it is set the range is empty, so the handler never sees half a registration.
      atomic_store(&faulted[i], 0);
      atomic_store(&starts[i], (uintptr_t)base);
      atomic_store(&ends[i], (uintptr_t)base + length);
      return i;
    }
  }
  return -1;
}

int idou_fault_guard_faulted(int slot) {
  return slot >= 0 && slot < SLOTS ? atomic_load(&faulted[slot]) : 0;
}

void idou_fault_guard_unregister(int slot) {
  if (slot < 0 || slot >= SLOTS) return;
  atomic_store(&ends[slot], 0);
  atomic_store(&starts[slot], 0);
  atomic_store(&claimed[slot], 0);
}
