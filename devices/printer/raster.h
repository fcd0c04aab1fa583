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
