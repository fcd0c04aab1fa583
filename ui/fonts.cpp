#include "ui/fonts.h"

#include <filesystem>
#include <imgui.h>

#include "kiosk/core/utf8.h"

namespace kiosk::ui {

Expected<FontReport> load_ui_font(float pixel_size, std::string_view extra_text, std::string_view path) {
  const std::string file(path);
  if (!std::filesystem::exists(file)) return Error("UI: no font at " + file + " — install fonts-noto-cjk");
  ImGuiIO& io = ImGui::GetIO();
  static ImVector<ImWchar> ranges;  // ImGui keeps a pointer to the ranges until the atlas is built
  ranges.clear();
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesChineseSimplifiedCommon());
  const std::string extra(extra_text);
  builder.AddText(extra.c_str());
  for (const char* symbol : {"●○✓✗←→…·—", "（）【】《》“”‘’：；，。、！？"}) builder.AddText(symbol);
  builder.BuildRanges(&ranges);
  ImFontConfig config;
  config.FontNo = 2;  // Noto Sans CJK SC (0 JP, 1 KR, 3 TC, 4 HK)
  config.OversampleH = 1;
  config.OversampleV = 1;
  io.Fonts->Clear();
  ImFont* font = io.Fonts->AddFontFromFileTTF(file.c_str(), pixel_size, &config, ranges.Data);
  if (font == nullptr || !io.Fonts->Build()) return Error("UI: cannot build the font atlas from " + file);
  unsigned char* pixels = nullptr;
  int width = 0;
  int height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  return FontReport{font->Glyphs.Size, width, height};
}

bool font_covers(std::string_view text) {
  const ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (atlas->Fonts.empty()) return false;
  const ImFont* font = atlas->Fonts[0];
  for (char32_t code : decode_utf8(text)) {
    if (code < 0x20 || code > 0xFFFF) continue;
    if (font->FindGlyphNoFallback(static_cast<ImWchar>(code)) == nullptr) return false;
  }
  return true;
}

}  // namespace kiosk::ui
