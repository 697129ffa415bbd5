#ifndef IDOU_CDATASETS_H
#define IDOU_CDATASETS_H

#include <stddef.h>

/// The bytes of a file of `datasets/` compiled into the binary (see Datasets.def), or NULL for a name that is not
/// embedded. `name` is the file's path under `datasets/`, e.g. "codes/area-codes-2025-03.tsv"; `*count` receives
/// its length. The bytes live as long as the program and are never written.
const unsigned char *idou_dataset(const char *name, size_t *count);

/// The number of embedded files, and the path of the i-th (0-based), for listing them.
size_t idou_dataset_count(void);
const char *idou_dataset_name(size_t i);

#endif
