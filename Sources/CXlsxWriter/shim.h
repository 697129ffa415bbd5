// libxlsxwriter (Debian: libxlsxwriter-dev, pkg-config name `xlsxwriter`): writes xlsx workbooks with numeric
// cells, number formats, frozen panes and column widths. Its headers include zlib.h (Debian: zlib1g-dev).
#include <xlsxwriter.h>
