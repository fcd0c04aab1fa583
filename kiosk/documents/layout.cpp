#include "kiosk/documents/layout.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "kiosk/core/utf8.h"

namespace kiosk::documents {
namespace {

// Punctuation that may not begin a line (it stays with the line before, even a little past the width).
bool closing(char32_t code) {
  static constexpr std::u32string_view kClosing = U"，。、；：？！）」』》〉】,.;:?!)]}%";
  return kClosing.find(code) != std::u32string_view::npos;
}

// Punctuation that may not end a line (it goes down with what it opens).
bool opening(char32_t code) {
  static constexpr std::u32string_view kOpening = U"（「『《〈【([{";
  return kOpening.find(code) != std::u32string_view::npos;
}

bool breaks_anywhere(char32_t code) {
  return code >= 0x2E80;  // CJK and the like: a line may break between any two
}

std::string to_utf8(std::u32string_view codes) {
  std::string out;
  for (char32_t code : codes) append_utf8(out, code);
  return out;
}

Expected<void> check_glyphs(const devices::RasterCanvas& canvas, std::string_view text) {
  const std::u32string missing = canvas.missing_glyphs(text);
  if (missing.empty()) return {};
  std::string names;
  for (char32_t code : missing) {
    char hex[16];
    std::snprintf(hex, sizeof hex, " (U+%04X)", static_cast<unsigned>(code));
    names += (names.empty() ? "" : ", ") + to_utf8(std::u32string(1, code)) + hex;
  }
  return Error("the font has no glyph for " + names + " in \"" + std::string(text) +
               "\" — it would print as an empty box: enter the text another way, or install a font that has it");
}

}  // namespace

std::vector<std::string> wrap(const devices::RasterCanvas& canvas, std::string_view text, int size, int width) {
  std::vector<std::string> lines;
  const std::u32string codes = decode_utf8(text);
  std::u32string line;
  int used = 0;
  std::size_t last_space = std::u32string::npos;  // in `line`
  for (char32_t code : codes) {
    if (code == U'\n') {
      lines.push_back(to_utf8(line));
      line.clear();
      used = 0;
      last_space = std::u32string::npos;
      continue;
    }
    const int advance = canvas.measure(to_utf8(std::u32string(1, code)), size);
    if (used + advance > width && !line.empty() && !closing(code)) {
      if (!breaks_anywhere(code) && code != U' ' && last_space != std::u32string::npos) {
        // A Latin word moves whole to the next line.
        lines.push_back(to_utf8(line.substr(0, last_space)));
        line = line.substr(last_space + 1);
      } else if (line.size() > 1 && opening(line.back())) {
        lines.push_back(to_utf8(line.substr(0, line.size() - 1)));
        line = line.substr(line.size() - 1);
      } else {
        lines.push_back(to_utf8(line));
        line.clear();
      }
      last_space = std::u32string::npos;
      used = canvas.measure(to_utf8(line), size);
      if (code == U' ') continue;
    }
    if (code == U' ') last_space = line.size();
    line.push_back(code);
    used += advance;
  }
  if (!line.empty() || lines.empty()) lines.push_back(to_utf8(line));
  return lines;
}

Expected<devices::RasterImage> render_raster(const Layout& layout, std::uint32_t width_dots) {
  auto canvas = TRY(devices::RasterCanvas::create(width_dots));
  const int left = canvas->margin();
  const int inner = static_cast<int>(width_dots) - 2 * left;
  for (const Block& block : layout.blocks) {
    if (const auto* text = std::get_if<Text>(&block)) {
      TRY(check_glyphs(*canvas, text->text));
      for (const std::string& line : wrap(*canvas, text->text, text->size, inner)) {
        canvas->draw_at(aligned(text->align, left, inner, canvas->measure(line, text->size)), line, text->size);
        canvas->advance(canvas->line_height(text->size));
      }
    } else if (const auto* table = std::get_if<Table>(&block)) {
      const int total = std::accumulate(table->columns.begin(), table->columns.end(), 0,
                                        [](int sum, const Column& column) { return sum + column.weight; });
      std::vector<int> x(table->columns.size());
      std::vector<int> widths(table->columns.size());
      int at = left;
      for (std::size_t c = 0; c < table->columns.size(); ++c) {
        widths[c] = inner * table->columns[c].weight / std::max(total, 1);
        x[c] = at;
        at += widths[c];
      }
      const int gap = 4;
      const auto draw_row = [&](const std::vector<std::string>& cells) -> Expected<void> {
        std::vector<std::vector<std::string>> wrapped(table->columns.size());
        std::size_t height = 1;
        for (std::size_t c = 0; c < table->columns.size(); ++c) {
          const std::string cell = c < cells.size() ? cells[c] : "";
          TRY(check_glyphs(*canvas, cell));
          wrapped[c] = wrap(*canvas, cell, table->size, widths[c] - gap);
          height = std::max(height, wrapped[c].size());
        }
        for (std::size_t line = 0; line < height; ++line) {
          for (std::size_t c = 0; c < table->columns.size(); ++c) {
            if (line >= wrapped[c].size()) continue;
            const std::string& part = wrapped[c][line];
            canvas->draw_at(aligned(table->columns[c].align, x[c], widths[c] - gap, canvas->measure(part, table->size)),
                            part, table->size);
          }
          canvas->advance(canvas->line_height(table->size));
        }
        return {};
      };
      std::vector<std::string> headings;
      for (const Column& column : table->columns) headings.push_back(column.heading);
      TRY(draw_row(headings));
      canvas->rule(1);
      canvas->advance(2);
      for (const auto& row : table->rows) TRY(draw_row(row));
    } else if (const auto* qr = std::get_if<Qr>(&block)) {
      TRY(canvas->qr(qr->payload, qr->module_dots));
    } else if (const auto* rule = std::get_if<Rule>(&block)) {
      canvas->rule(rule->thickness);
    } else if (const auto* space = std::get_if<Space>(&block)) {
      canvas->space(space->dots);
    } else if (const auto* image = std::get_if<Image>(&block)) {
      const int width = std::min(image->width_dots, inner);
      canvas->image(image->picture, aligned(image->align, left, inner, width), width);
    }
  }
  return canvas->image();
}

}  // namespace kiosk::documents
