#include "CDatasets.h"
#include <string.h>

#define DATASET(name, path) extern const unsigned char idou_data_##name[], idou_data_##name##_end[];
#include "Datasets.def"
#undef DATASET

static const struct {
  const char *name;
  const unsigned char *start;
  const unsigned char *end;
} datasets[] = {
#define DATASET(name, path) {path, idou_data_##name, idou_data_##name##_end},
#include "Datasets.def"
#undef DATASET
};

const unsigned char *idou_dataset(const char *name, size_t *count) {
  for (size_t i = 0; i < sizeof datasets / sizeof datasets[0]; i++) {
    if (strcmp(datasets[i].name, name) == 0) {
      *count = (size_t)(datasets[i].end - datasets[i].start);
      return datasets[i].start;
    }
  }
  *count = 0;
  return NULL;
}

size_t idou_dataset_count(void) { return sizeof datasets / sizeof datasets[0]; }

const char *idou_dataset_name(size_t i) {
  return i < sizeof datasets / sizeof datasets[0] ? datasets[i].name : NULL;
}
