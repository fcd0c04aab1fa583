// The burned-in overlay: one line of text — local date and time, terminal id, case number — drawn into the top
// left of every recorded frame before it is encoded, so a frame cut out of the recording still says where and
// when it was taken. Text is set with FreeType in Noto Sans CJK (Chinese labels, GB 18030 names), white on a
// darkened band that stays legible over any background.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::media {

inline constexpr std::string_view kDefaultOverlayFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

class TextOverlay {
 public:
  // `font`: a TrueType/OpenType file or collection; in a collection the Simplified Chinese face is chosen.
  // The text is sized for frames `frame_height` high (1/24 of it: 30 px at 720p).
  static Expected<std::unique_ptr<TextOverlay>> create(const std::filesystem::path& font, std::uint32_t frame_height);
  ~TextOverlay();

  // Draws `text` (UTF-8; invalid bytes show as U+FFFD) into an I420 frame of width × height. The text is laid
  // out again only when it changes (once a second), so a frame costs one blend of the band.
  void draw(std::span<std::uint8_t> i420, std::uint32_t width, std::uint32_t height, std::string_view text);

  // The band the last draw covered, in pixels from the top left (for tests and the preview).
  std::uint32_t band_width() const;
  std::uint32_t band_height() const;

 private:
  struct State;
  explicit TextOverlay(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// "2026-11-29 13:31:50 终端 T01 案号 GXJ-2026-T01-000001": the overlay's line for a wall time (local time zone).
// Without a case (the pre-roll before a case is opened) the case part is left out.
std::string overlay_text(std::int64_t unix_ms, std::string_view terminal_id, std::string_view case_number);

}  // namespace kiosk::media
