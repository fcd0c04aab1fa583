#include "kiosk/media/overlay.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <vector>

#include "devices/fonts/cjk_face.h"
#include "kiosk/core/utf8.h"

namespace kiosk::media {
namespace {

struct Glyph {
  int left = 0;  // from the pen position to the bitmap's left edge
  int top = 0;   // from the baseline up to the bitmap's top edge
  int advance = 0;
  int width = 0;
  int rows = 0;
  std::vector<std::uint8_t> coverage;  // width × rows, 0–255
};

}  // namespace

struct TextOverlay::State {
  FT_Library library = nullptr;
  FT_Face face = nullptr;
  int pixel_size = 0;
  int margin = 0;
  std::unordered_map<char32_t, Glyph> glyphs;
  std::string text;                // what `mask` shows
  std::vector<std::uint8_t> mask;  // band_width × band_height coverage of the laid-out text
  std::uint32_t band_width = 0;
  std::uint32_t band_height = 0;

  ~State() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
  }

  const Glyph& glyph(char32_t code) {
    if (auto found = glyphs.find(code); found != glyphs.end()) return found->second;
    Glyph& glyph = glyphs[code];
    // A character the font lacks renders as the font's .notdef box rather than vanishing.
    if (FT_Load_Char(face, code, FT_LOAD_RENDER) == 0) {
      const FT_GlyphSlot slot = face->glyph;
      glyph.left = slot->bitmap_left;
      glyph.top = slot->bitmap_top;
      glyph.advance = static_cast<int>(slot->advance.x >> 6);
      glyph.width = static_cast<int>(slot->bitmap.width);
      glyph.rows = static_cast<int>(slot->bitmap.rows);
      glyph.coverage.resize(static_cast<std::size_t>(glyph.width) * static_cast<std::size_t>(glyph.rows));
      for (int row = 0; row < glyph.rows; ++row) {
        const std::uint8_t* source = slot->bitmap.buffer + static_cast<std::ptrdiff_t>(row) * slot->bitmap.pitch;
        std::copy_n(source, glyph.width, glyph.coverage.begin() + static_cast<std::ptrdiff_t>(row) * glyph.width);
      }
    }
    return glyph;
  }

  void lay_out(std::string_view utf8, std::uint32_t frame_width, std::uint32_t frame_height) {
    text = utf8;
    const std::u32string codes = decode_utf8(utf8);
    const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
    const int descender = static_cast<int>(-(face->size->metrics.descender >> 6));
    int width = margin;
    for (char32_t code : codes) width += glyph(code).advance;
    width += margin;
    // Even sizes, so the band covers whole chroma samples.
    band_width = std::min<std::uint32_t>(static_cast<std::uint32_t>(width + 1) & ~1U, frame_width);
    band_height =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(ascender + descender + margin + 1) & ~1U, frame_height);
    mask.assign(std::size_t{band_width} * band_height, 0);
    int pen = margin;
    const int baseline = margin / 2 + ascender;
    for (char32_t code : codes) {
      const Glyph& g = glyph(code);
      for (int row = 0; row < g.rows; ++row) {
        const int y = baseline - g.top + row;
        if (y < 0 || y >= static_cast<int>(band_height)) continue;
        for (int column = 0; column < g.width; ++column) {
          const int x = pen + g.left + column;
          if (x < 0 || x >= static_cast<int>(band_width)) continue;
          std::uint8_t& cell = mask[static_cast<std::size_t>(y) * band_width + static_cast<std::size_t>(x)];
          cell = std::max(cell, g.coverage[static_cast<std::size_t>(row * g.width + column)]);
        }
      }
      pen += g.advance;
    }
  }
};

TextOverlay::TextOverlay(std::unique_ptr<State> state) : state_(std::move(state)) {}
TextOverlay::~TextOverlay() = default;

Expected<std::unique_ptr<TextOverlay>> TextOverlay::create(const std::filesystem::path& font,
                                                           std::uint32_t frame_height) {
  auto state = std::make_unique<State>();
  if (FT_Init_FreeType(&state->library) != 0) return Error("overlay: FreeType could not start");
  const std::string remedy = " — install fonts-noto-cjk, or set recording.overlay_font to a CJK font file";
  state->face =
      TRY(devices::open_cjk_face(state->library, font, "overlay: cannot read the font " + font.string() + remedy));
  if (FT_Get_Char_Index(state->face, U'终') == 0) {
    return Error("overlay: the font " + font.string() + " has no Chinese characters" + remedy);
  }
  state->pixel_size = std::max<int>(12, static_cast<int>(frame_height / 24));
  state->margin = std::max(4, state->pixel_size / 3);
  if (FT_Set_Pixel_Sizes(state->face, 0, static_cast<FT_UInt>(state->pixel_size)) != 0) {
    return Error("overlay: the font " + font.string() + " cannot be scaled" + remedy);
  }
  return std::unique_ptr<TextOverlay>(new TextOverlay(std::move(state)));
}

void TextOverlay::draw(std::span<std::uint8_t> i420, std::uint32_t width, std::uint32_t height, std::string_view text) {
  State& s = *state_;
  if (i420.size() < std::size_t{width} * height * 3 / 2) return;
  if (text != s.text || s.band_width > width || s.band_height > height || s.mask.empty()) {
    s.lay_out(text, width, height);
  }
  const std::size_t w = width;
  std::uint8_t* luma = i420.data();
  std::uint8_t* cb = luma + w * height;
  std::uint8_t* cr = cb + (w / 2) * (height / 2);
  // White (235) text over the picture darkened to half: legible on a white wall and on a dark coat.
  for (std::uint32_t y = 0; y < s.band_height; ++y) {
    std::uint8_t* row = luma + y * w;
    const std::uint8_t* coverage = s.mask.data() + std::size_t{y} * s.band_width;
    for (std::uint32_t x = 0; x < s.band_width; ++x) {
      const int background = row[x] / 2;
      row[x] = static_cast<std::uint8_t>(background + ((235 - background) * coverage[x] + 127) / 255);
    }
  }
  // Colour is halved toward grey in the band, and removed where the text is.
  for (std::uint32_t y = 0; y < s.band_height / 2; ++y) {
    for (std::uint32_t x = 0; x < s.band_width / 2; ++x) {
      const std::size_t top = std::size_t{2 * y} * s.band_width + 2 * x;
      const int cover =
          std::max({s.mask[top], s.mask[top + 1], s.mask[top + s.band_width], s.mask[top + s.band_width + 1]});
      for (std::uint8_t* plane : {cb, cr}) {
        std::uint8_t& sample = plane[std::size_t{y} * (w / 2) + x];
        const int chroma = (sample - 128) / 2;
        sample = static_cast<std::uint8_t>(128 + chroma * (255 - cover) / 255);
      }
    }
  }
}

std::uint32_t TextOverlay::band_width() const {
  return state_->band_width;
}

std::uint32_t TextOverlay::band_height() const {
  return state_->band_height;
}

std::string overlay_text(std::int64_t unix_ms, std::string_view terminal_id, std::string_view case_number) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &local);
  std::string text = stamp;
  text += "  终端 ";
  text += terminal_id;
  if (!case_number.empty()) {
    text += "  案号 ";
    text += case_number;
  }
  return text;
}

}  // namespace kiosk::media
