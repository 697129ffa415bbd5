/* The bytes of the files listed in Datasets.def, placed in read-only data by .incbin (fast to build; SwiftPM's
   embedInCode took minutes for a few hundred kilobytes). Each file gets a start and an end symbol and a NUL after
   it, so its length is end − start. */
#if defined(__APPLE__)
#define SYM(x) _idou_data_##x
#define RODATA .section __TEXT,__const
#else
#define SYM(x) idou_data_##x
#define RODATA .section .rodata
#endif

#define DATASET(name, path) \
  RODATA; .globl SYM(name); .globl SYM(name##_end); .balign 16; \
  SYM(name): .incbin path; SYM(name##_end): .byte 0;

#include "Datasets.def"

#if !defined(__APPLE__)
.section .note.GNU-stack,"",@progbits
#endif
