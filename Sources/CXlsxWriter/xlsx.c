#include "CXlsxWriter.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

// Each function idou calls: a pointer of the header's own type, filled from the library at the first workbook.
#define FUNCTIONS(X)                                                                                               \
  X(workbook_new) X(workbook_add_worksheet) X(workbook_add_format) X(workbook_set_properties) X(workbook_close)    \
  X(worksheet_write_number) X(worksheet_write_string) X(worksheet_write_blank) X(worksheet_set_row)               \
  X(worksheet_set_column) X(worksheet_freeze_panes) X(worksheet_set_landscape) X(worksheet_set_paper)             \
  X(worksheet_fit_to_pages) X(worksheet_repeat_rows) X(format_set_font_name) X(format_set_font_size)              \
  X(format_set_bold) X(format_set_num_format) X(format_set_align) X(format_set_text_wrap) X(format_set_bottom)    \
  X(lxw_strerror)

#define POINTER(f) static __typeof__(&f) p_##f;
FUNCTIONS(POINTER)

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;

static void load(void) {
  // The runtime package's soname first (the -dev package adds the unversioned link).
  static const char *const names[] = {"libxlsxwriter.so." LXW_SOVERSION, "libxlsxwriter.so"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    void *h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) continue;
    int all = 1;
#define RESOLVE(f)                                                                                                 \
  p_##f = (__typeof__(&f))dlsym(h, #f);                                                                            \
  all &= p_##f != NULL;
    FUNCTIONS(RESOLVE)
    if (all) {
      loaded = 1;
      return;
    }
    dlclose(h);
  }
}

int idou_xlsx_loaded(void) {
  pthread_once(&once, load);
  return loaded;
}

lxw_workbook *idou_workbook_new(const char *filename) { return p_workbook_new(filename); }
lxw_worksheet *idou_workbook_add_worksheet(lxw_workbook *workbook, const char *sheetname) {
  return p_workbook_add_worksheet(workbook, sheetname);
}
lxw_format *idou_workbook_add_format(lxw_workbook *workbook) { return p_workbook_add_format(workbook); }
lxw_error idou_workbook_set_properties(lxw_workbook *workbook, lxw_doc_properties *properties) {
  return p_workbook_set_properties(workbook, properties);
}
lxw_error idou_workbook_close(lxw_workbook *workbook) { return p_workbook_close(workbook); }
lxw_error idou_worksheet_write_number(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number,
                                      lxw_format *format) {
  return p_worksheet_write_number(worksheet, row, col, number, format);
}
lxw_error idou_worksheet_write_string(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string,
                                      lxw_format *format) {
  return p_worksheet_write_string(worksheet, row, col, string, format);
}
lxw_error idou_worksheet_write_blank(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, lxw_format *format) {
  return p_worksheet_write_blank(worksheet, row, col, format);
}
lxw_error idou_worksheet_set_row(lxw_worksheet *worksheet, lxw_row_t row, double height, lxw_format *format) {
  return p_worksheet_set_row(worksheet, row, height, format);
}
lxw_error idou_worksheet_set_column(lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col, double width,
                                    lxw_format *format) {
  return p_worksheet_set_column(worksheet, first_col, last_col, width, format);
}
void idou_worksheet_freeze_panes(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col) {
  p_worksheet_freeze_panes(worksheet, row, col);
}
void idou_worksheet_set_landscape(lxw_worksheet *worksheet) { p_worksheet_set_landscape(worksheet); }
void idou_worksheet_set_paper(lxw_worksheet *worksheet, uint8_t paper_type) {
  p_worksheet_set_paper(worksheet, paper_type);
}
void idou_worksheet_fit_to_pages(lxw_worksheet *worksheet, uint16_t width, uint16_t height) {
  p_worksheet_fit_to_pages(worksheet, width, height);
}
lxw_error idou_worksheet_repeat_rows(lxw_worksheet *worksheet, lxw_row_t first_row, lxw_row_t last_row) {
  return p_worksheet_repeat_rows(worksheet, first_row, last_row);
}
void idou_format_set_font_name(lxw_format *format, const char *font_name) { p_format_set_font_name(format, font_name); }
void idou_format_set_font_size(lxw_format *format, double size) { p_format_set_font_size(format, size); }
void idou_format_set_bold(lxw_format *format) { p_format_set_bold(format); }
void idou_format_set_num_format(lxw_format *format, const char *num_format) {
  p_format_set_num_format(format, num_format);
}
void idou_format_set_align(lxw_format *format, uint8_t alignment) { p_format_set_align(format, alignment); }
void idou_format_set_text_wrap(lxw_format *format) { p_format_set_text_wrap(format); }
void idou_format_set_bottom(lxw_format *format, uint8_t style) { p_format_set_bottom(format, style); }
char *idou_lxw_strerror(lxw_error error_num) { return p_lxw_strerror(error_num); }
