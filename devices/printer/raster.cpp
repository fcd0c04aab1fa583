#include "devices/printer/raster.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <algorithm>
#include <qrencode.h>
#include <unordered_map>
#include <vector>

#include "devices/fonts/cjk_face.h"
#include "kiosk/core/utf8.h"

namespace kiosk::devices {

struct RasterCanvas::State {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  std::uint32_t width = 0;
  int margin = 8;
  int y = 0;
  std::vector<std::uint8_t> dots;  // one byte a dot, 0 or 1, width × rows
  // FreeType loads and hints a glyph on every call: a document sets the same few hundred again and again.
  struct Glyph {
    int left = 0;
    int top = 0;
    int advance = 0;
    unsigned width = 0;
    unsigned rows = 0;
    std::vector<std::uint8_t> bits;  // one byte a dot
  };
  std::unordered_map<std::uint64_t, int> advances;
  std::unordered_map<std::uint64_t, Glyph> glyphs;

  static std::uint64_t key(char32_t code, int pixel_size) {
    return std::uint64_t{static_cast<std::uint32_t>(pixel_size)} << 32 | code;
  }
  int advance_of(char32_t code, int pixel_size) {
    const auto [found, fresh] = advances.try_emplace(key(code, pixel_size), 0);
    if (fresh && FT_Load_Char(face, code, FT_LOAD_DEFAULT) == 0) {
      found->second = static_cast<int>(face->glyph->advance.x >> 6);
    }
    return found->second;
  }
  const Glyph& glyph_of(char32_t code, int pixel_size) {
    const auto [found, fresh] = glyphs.try_emplace(key(code, pixel_size));
    // Monochrome rendering: the printer has no grey, and hinting keeps strokes whole at small sizes.
    if (fresh && FT_Load_Char(face, code, FT_LOAD_RENDER | FT_LOAD_TARGET_MONO) == 0) {
      const FT_GlyphSlot slot = face->glyph;
      const FT_Bitmap& bitmap = slot->bitmap;
      Glyph& glyph = found->second;
      glyph = Glyph{
          slot->bitmap_left, slot->bitmap_top, static_cast<int>(slot->advance.x >> 6),
          bitmap.width,      bitmap.rows,      std::vector<std::uint8_t>(std::size_t{bitmap.width} * bitmap.rows)};
      for (unsigned row = 0; row < bitmap.rows; ++row) {
        const std::uint8_t* bits = bitmap.buffer + static_cast<std::ptrdiff_t>(row) * bitmap.pitch;
        for (unsigned column = 0; column < bitmap.width; ++column) {
          glyph.bits[std::size_t{row} * bitmap.width + column] = (bits[column / 8] & (0x80 >> (column % 8))) != 0;
        }
      }
    }
    return found->second;
  }

  ~State() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }

  void grow(int rows) {
    const std::size_t needed = std::size_t{width} * static_cast<std::size_t>(rows);
    if (dots.size() < needed) dots.resize(needed, 0);
  }
  void set(int x, int row) {
    if (x < 0 || row < 0 || x >= static_cast<int>(width)) return;
    grow(row + 1);
    dots[static_cast<std::size_t>(row) * width + static_cast<std::size_t>(x)] = 1;
  }
};

RasterCanvas::RasterCanvas(std::unique_ptr<State> state) : state_(std::move(state)) {}
RasterCanvas::~RasterCanvas() = default;

Expected<std::unique_ptr<RasterCanvas>> RasterCanvas::create(std::uint32_t width_dots,
                                                             const std::filesystem::path& font) {
  if (width_dots == 0 || width_dots % 8 != 0 || width_dots > 1024) {
    return Error("printer: a width of " + std::to_string(width_dots) + " dots — use 384 (58 mm) or 576 (80 mm)");
  }
  auto state = std::make_unique<State>();
  state->width = width_dots;
  const std::string remedy = " — install fonts-noto-cjk";
  if (FT_Init_FreeType(&state->library) != 0) return Error("printer: FreeType could not start");
  state->face = TRY(open_cjk_face(state->library, font, "printer: cannot read the font " + font.string() + remedy));
  return std::unique_ptr<RasterCanvas>(new RasterCanvas(std::move(state)));
}

int RasterCanvas::measure(std::string_view utf8, int pixel_size) const {
  State& s = *state_;
  FT_Set_Pixel_Sizes(s.face, 0, static_cast<FT_UInt>(pixel_size));
  int advance = 0;
  for (char32_t code : decode_utf8(utf8)) advance += s.advance_of(code, pixel_size);
  return advance;
}

int RasterCanvas::line_height(int pixel_size) const {
  FT_Set_Pixel_Sizes(state_->face, 0, static_cast<FT_UInt>(pixel_size));
  return static_cast<int>(state_->face->size->metrics.height >> 6);
}

std::u32string RasterCanvas::missing_glyphs(std::string_view utf8) const {
  std::u32string missing;
  for (char32_t code : decode_utf8(utf8)) {
    if (code >= 0x20 && FT_Get_Char_Index(state_->face, code) == 0 && missing.find(code) == std::u32string::npos) {
      missing.push_back(code);
    }
  }
  return missing;
}

std::uint32_t RasterCanvas::width() const {
  return state_->width;
}

int RasterCanvas::margin() const {
  return state_->margin;
}

void RasterCanvas::text(std::string_view utf8, int pixel_size, bool centered) {
  const int advance = measure(utf8, pixel_size);
  const int x = centered ? std::max(margin(), (static_cast<int>(width()) - advance) / 2) : margin();
  draw_at(x, utf8, pixel_size);
  state_->y += line_height(pixel_size);
}

void RasterCanvas::draw_at(int x, std::string_view utf8, int pixel_size) {
  State& s = *state_;
  FT_Set_Pixel_Sizes(s.face, 0, static_cast<FT_UInt>(pixel_size));
  const int ascender = static_cast<int>(s.face->size->metrics.ascender >> 6);
  const int line = static_cast<int>(s.face->size->metrics.height >> 6);
  const std::u32string codes = decode_utf8(utf8);
  int pen = x;
  const int baseline = s.y + ascender;
  s.grow(s.y + line);
  for (char32_t code : codes) {
    const State::Glyph& glyph = s.glyph_of(code, pixel_size);
    for (unsigned row = 0; row < glyph.rows; ++row) {
      for (unsigned column = 0; column < glyph.width; ++column) {
        if (glyph.bits[std::size_t{row} * glyph.width + column] != 0) {
          s.set(pen + glyph.left + static_cast<int>(column), baseline - glyph.top + static_cast<int>(row));
        }
      }
    }
    pen += glyph.advance;
  }
}

Expected<void> RasterCanvas::qr(std::string_view payload, int module_dots) {
  State& s = *state_;
  const std::string text(payload);
  QRcode* code = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) return Error("printer: cannot make a QR code of " + std::to_string(payload.size()) + " bytes");
  const int size = code->width * module_dots;
  if (size + 2 * s.margin > static_cast<int>(s.width)) {
    QRcode_free(code);
    return Error("printer: the QR code does not fit the paper's width");
  }
  const int left = (static_cast<int>(s.width) - size) / 2;
  for (int row = 0; row < code->width; ++row) {
    for (int column = 0; column < code->width; ++column) {
      if ((code->data[row * code->width + column] & 1) == 0) continue;
      for (int dy = 0; dy < module_dots; ++dy) {
        for (int dx = 0; dx < module_dots; ++dx) s.set(left + column * module_dots + dx, s.y + row * module_dots + dy);
      }
    }
  }
  s.y += size;
  QRcode_free(code);
  return {};
}

void RasterCanvas::image(const GrayImage& picture, int x, int width_dots) {
  State& s = *state_;
  if (picture.width == 0 || picture.height == 0 || width_dots <= 0 ||
      picture.pixels.size() < std::size_t{picture.width} * picture.height) {
    return;
  }
  const int height = static_cast<int>(std::int64_t{width_dots} * picture.height / picture.width);
  // Sampled to the dots' grid (box average), then dithered with the error carried to the neighbours.
  std::vector<float> grey(static_cast<std::size_t>(width_dots) * static_cast<std::size_t>(height));
  for (int row = 0; row < height; ++row) {
    const std::uint32_t y0 = static_cast<std::uint32_t>(std::int64_t{row} * picture.height / height);
    const std::uint32_t y1 =
        std::max(y0 + 1, static_cast<std::uint32_t>(std::int64_t{row + 1} * picture.height / height));
    for (int column = 0; column < width_dots; ++column) {
      const std::uint32_t x0 = static_cast<std::uint32_t>(std::int64_t{column} * picture.width / width_dots);
      const std::uint32_t x1 =
          std::max(x0 + 1, static_cast<std::uint32_t>(std::int64_t{column + 1} * picture.width / width_dots));
      float sum = 0;
      for (std::uint32_t y = y0; y < y1; ++y) {
        for (std::uint32_t xx = x0; xx < x1; ++xx) sum += picture.pixels[std::size_t{y} * picture.width + xx];
      }
      grey[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_dots) + static_cast<std::size_t>(column)] =
          sum / static_cast<float>((y1 - y0) * (x1 - x0));
    }
  }
  const auto at = [&](int row, int column) -> float& {
    return grey[static_cast<std::size_t>(row) * static_cast<std::size_t>(width_dots) +
                static_cast<std::size_t>(column)];
  };
  for (int row = 0; row < height; ++row) {
    for (int column = 0; column < width_dots; ++column) {
      const float old = at(row, column);
      const float chosen = old < 128 ? 0.0F : 255.0F;
      if (chosen == 0.0F) s.set(x + column, s.y + row);
      const float error = old - chosen;
      if (column + 1 < width_dots) at(row, column + 1) += error * 7 / 16;
      if (row + 1 < height) {
        if (column > 0) at(row + 1, column - 1) += error * 3 / 16;
        at(row + 1, column) += error * 5 / 16;
        if (column + 1 < width_dots) at(row + 1, column + 1) += error * 1 / 16;
      }
    }
  }
  s.y += height;
}

void RasterCanvas::rule(int thickness) {
  State& s = *state_;
  for (int row = 0; row < thickness; ++row) {
    for (int x = s.margin; x < static_cast<int>(s.width) - s.margin; ++x) s.set(x, s.y + row);
  }
  s.y += thickness;
}

void RasterCanvas::space(int dots) {
  state_->y += dots;
  state_->grow(state_->y);
}

RasterImage RasterCanvas::image() const {
  const State& s = *state_;
  RasterImage image;
  image.width_dots = s.width;
  image.height_dots = static_cast<std::uint32_t>(s.y);
  image.rows.assign(std::size_t{s.width / 8} * image.height_dots, 0);
  for (std::uint32_t row = 0; row < image.height_dots; ++row) {
    for (std::uint32_t x = 0; x < s.width; ++x) {
      const std::size_t dot = std::size_t{row} * s.width + x;
      if (dot < s.dots.size() && s.dots[dot] != 0) {
        image.rows[std::size_t{row} * (s.width / 8) + x / 8] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
      }
    }
  }
  return image;
}

Expected<RasterImage> render_test_page(std::uint32_t width_dots, const TestPageInfo& info) {
  auto canvas = TRY(RasterCanvas::create(width_dots));
  const int large = width_dots >= 576 ? 40 : 30;
  const int normal = width_dots >= 576 ? 28 : 22;
  canvas->text("打印测试页", large, true);
  canvas->text("Printer test page", normal, true);
  canvas->space(8);
  canvas->rule();
  canvas->space(8);
  canvas->text("终端 Terminal: " + info.terminal_id, normal);
  canvas->text("打印机 Printer: " + info.printer, normal);
  canvas->text("时间 Time: " + info.printed_at, normal);
  canvas->text("中文：收取材料清单 鑫淼犇羴", normal);
  canvas->space(12);
  TRY(canvas->qr("kiosk:test-page:" + info.terminal_id, width_dots >= 576 ? 6 : 4));
  canvas->space(12);
  canvas->text("扫码核验 · scan to check", normal, true);
  canvas->space(8);
  canvas->rule(4);
  return canvas->image();
}

}  // namespace kiosk::devices
