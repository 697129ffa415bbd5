// libFuzzer's driver, run from each target's main: SwiftPM renames an executable's `main`, so libFuzzer's own
// main cannot be used.
#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer with the command line and the target's callback, and exits with its status.
void idou_fuzz_run(int argc, char **argv, int (*callback)(const uint8_t *data, size_t size));
