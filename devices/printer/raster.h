// Drawing receipts as 1-bit rasters, so that every printer model prints the same dots: text set with FreeType in
// Noto Sans CJK (no printer's own fonts or code pages), QR codes from libqrencode. The documents issue builds its
// layout engine on this; here it draws the printer's test page.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "devices/printer/receipt_printer.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

inline constexpr std::string_view kReceiptFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

// An 8-bit grey picture (0 black, 255 white), row by row: a signature, a logo.
struct GrayImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> pixels;
};

class RasterCanvas {
 public:
  static Expected<std::unique_ptr<RasterCanvas>> create(std::uint32_t width_dots,
                                                        const std::filesystem::path& font = kReceiptFont);
  ~RasterCanvas();

  // Text on one line from the left margin at the current position; advances the position past the line.
  void text(std::string_view utf8, int pixel_size, bool centered = false);
  // A QR code of `payload`, `module_dots` per module, centered; advances past it.
  Expected<void> qr(std::string_view payload, int module_dots);
  // A horizontal rule, and blank space.
  void rule(int thickness = 2);
  void space(int dots);
  // A grey picture scaled to `width_dots` wide (its height in proportion) at `x`, dithered to dots
  // (Floyd–Steinberg); advances past it.
  void image(const GrayImage& picture, int x, int width_dots);

  // For a layout engine: the width of `utf8` set at `pixel_size`, drawing it at `x` dots from the left on the
  // line that begins at the current position (which does not move), and moving down by one line of that size.
  int measure(std::string_view utf8, int pixel_size) const;
  void draw_at(int x, std::string_view utf8, int pixel_size);
  int line_height(int pixel_size) const;
  void advance(int dots) { space(dots); }
  // The characters of `utf8` the font has no glyph for (they would print as empty boxes).
  std::u32string missing_glyphs(std::string_view utf8) const;
  std::uint32_t width() const;
  int margin() const;

  // The image so far (height trimmed to what was drawn).
  RasterImage image() const;

 private:
  struct State;
  explicit RasterCanvas(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct TestPageInfo {
  std::string terminal_id;
  std::string printer;     // "USB 0416:5011", "(simulated)"
  std::string printed_at;  // local time, as the page shows it
};

// The printer's test page: a title in Chinese and English, the terminal and time, a line of CJK text with rare
// characters, a QR code, and a ruler across the width.
Expected<RasterImage> render_test_page(std::uint32_t width_dots, const TestPageInfo& info);

}  // namespace kiosk::devices
