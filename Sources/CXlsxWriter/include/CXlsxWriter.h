// libxlsxwriter (Debian: libxlsxwriter-dev; its headers include zlib.h, Debian zlib1g-dev): writes xlsx workbooks
// with numeric cells, number formats, frozen panes and column widths. Not linked: the library (with minizip and
// libcrypto behind it, bound at start-up) cost every command ~2 ms of start-up though only `--format xlsx` uses
// it, so it is opened at the first workbook (dlopen) and reached through the `idou_` forwarders below, which take
// the library's own arguments. Its header gives the types.
#ifndef CXLSXWRITER_H
#define CXLSXWRITER_H

#include <xlsxwriter.h>

/// Opens libxlsxwriter (once) and tells whether every function below was found; 0 when it is not installed.
int idou_xlsx_loaded(void);

// Forwarders, callable only after idou_xlsx_loaded() returned 1.
lxw_workbook *idou_workbook_new(const char *filename);
lxw_worksheet *idou_workbook_add_worksheet(lxw_workbook *workbook, const char *sheetname);
lxw_format *idou_workbook_add_format(lxw_workbook *workbook);
lxw_error idou_workbook_set_properties(lxw_workbook *workbook, lxw_doc_properties *properties);
lxw_error idou_workbook_close(lxw_workbook *workbook);
lxw_error idou_worksheet_write_number(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number,
                                      lxw_format *format);
lxw_error idou_worksheet_write_string(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string,
                                      lxw_format *format);
lxw_error idou_worksheet_write_blank(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, lxw_format *format);
lxw_error idou_worksheet_set_row(lxw_worksheet *worksheet, lxw_row_t row, double height, lxw_format *format);
lxw_error idou_worksheet_set_column(lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col, double width,
                                    lxw_format *format);
void idou_worksheet_freeze_panes(lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col);
void idou_worksheet_set_landscape(lxw_worksheet *worksheet);
void idou_worksheet_set_paper(lxw_worksheet *worksheet, uint8_t paper_type);
void idou_worksheet_fit_to_pages(lxw_worksheet *worksheet, uint16_t width, uint16_t height);
lxw_error idou_worksheet_repeat_rows(lxw_worksheet *worksheet, lxw_row_t first_row, lxw_row_t last_row);
void idou_format_set_font_name(lxw_format *format, const char *font_name);
void idou_format_set_font_size(lxw_format *format, double size);
void idou_format_set_bold(lxw_format *format);
void idou_format_set_num_format(lxw_format *format, const char *num_format);
void idou_format_set_align(lxw_format *format, uint8_t alignment);
void idou_format_set_text_wrap(lxw_format *format);
void idou_format_set_bottom(lxw_format *format, uint8_t style);
char *idou_lxw_strerror(lxw_error error_num);

#endif
