// The UI's font: Noto Sans CJK SC from fonts-noto-cjk (face 2 of the .ttc), with glyph ranges built from the UI's
// own strings, the common simplified ideographs, and any further text (names and addresses read from cards), so
// the atlas stays within the texture size the renderer takes (an oversized atlas shows as white boxes).
#pragma once

#include <string>
#include <string_view>

#include "kiosk/core/error.h"

struct ImFont;

namespace kiosk::ui {

inline constexpr std::string_view kUiFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

struct FontReport {
  int glyphs = 0;
  int atlas_width = 0;
  int atlas_height = 0;
};

// Builds the atlas into the current ImGui context (before the renderer's first frame).
Expected<FontReport> load_ui_font(float pixel_size, std::string_view extra_text, std::string_view path = kUiFont);

// Whether the font has every character of `text` (what is not there would draw as "?").
bool font_covers(std::string_view text);

}  // namespace kiosk::ui
