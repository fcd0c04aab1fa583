// One layout for every document: blocks of text (wrapped to the width, CJK broken between any two characters,
// Latin between words), tables with column weights, QR codes, pictures, rules and space. The raster renderer sets
// them as 1-bit dots at the printer's width (pictures dithered); the PDF renderer (pdf.h) draws the same layout.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "devices/printer/raster.h"
#include "devices/printer/receipt_printer.h"
#include "kiosk/core/error.h"

namespace kiosk::documents {

enum class Align { left, center, right };

struct Text {
  std::string text;
  int size = 22;
  Align align = Align::left;
};
struct Column {
  std::string heading;
  int weight = 1;  // share of the width
  Align align = Align::left;
};
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // the last row may be a total
  int size = 22;
};
struct Qr {
  std::string payload;
  int module_dots = 4;
};
struct Rule {
  int thickness = 2;
};
struct Space {
  int dots = 8;
};
// A grey picture (the applicant's signature), `width_dots` wide at 203 dpi, its height in proportion.
struct Image {
  devices::GrayImage picture;
  int width_dots = 320;
  Align align = Align::left;
};
using Block = std::variant<Text, Table, Qr, Rule, Space, Image>;

struct Layout {
  std::vector<Block> blocks;
};

// Where a run `used` wide starts within [left, left + width), for both renderers (dots and PDF points).
template <typename Unit>
Unit aligned(Align align, Unit left, Unit width, Unit used) {
  switch (align) {
    case Align::left: return left;
    case Align::center: return left + std::max(Unit{0}, (width - used) / 2);
    case Align::right: return left + std::max(Unit{0}, width - used);
  }
  return left;
}

// The lines `text` takes at `size` within `width` dots.
std::vector<std::string> wrap(const devices::RasterCanvas& canvas, std::string_view text, int size, int width);

// Renders for a receipt printer. Characters the font lacks are an error that names them (they would print as
// empty boxes), never printed unnoticed.
Expected<devices::RasterImage> render_raster(const Layout& layout, std::uint32_t width_dots);

}  // namespace kiosk::documents
