// The burned-in overlay: FreeType with Noto Sans CJK into I420 frames, and through the whole recording into the
// decoded picture.
#include "kiosk/media/overlay.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>

#include "kiosk/app/record.h"
#include "support/av_sync_probe.h"
#include "support/temp_dir.h"

namespace kiosk::media {
namespace {

constexpr std::uint32_t kWidth = 640;
constexpr std::uint32_t kHeight = 360;

std::vector<std::uint8_t> grey_frame(std::uint8_t luma, std::uint8_t chroma) {
  std::vector<std::uint8_t> frame(std::size_t{kWidth} * kHeight * 3 / 2, chroma);
  std::fill_n(frame.begin(), std::size_t{kWidth} * kHeight, luma);
  return frame;
}

std::unique_ptr<TextOverlay> make_overlay() {
  auto overlay = TextOverlay::create(std::string(kDefaultOverlayFont), kHeight);
  EXPECT_TRUE(overlay) << overlay.error().message();
  return overlay ? std::move(*overlay) : nullptr;
}

TEST(Overlay, DrawsWhiteTextOnADarkenedBandAndLeavesTheRestAlone) {
  auto overlay = make_overlay();
  ASSERT_TRUE(overlay);
  auto frame = grey_frame(128, 200);
  const auto original = frame;
  overlay->draw(frame, kWidth, kHeight, "2026-11-29 13:31:50  终端 T01  案号 GXJ-2026-T01-000001");
  const std::uint32_t band_w = overlay->band_width();
  const std::uint32_t band_h = overlay->band_height();
  ASSERT_GT(band_w, 200u);
  ASSERT_LT(band_w, kWidth);
  ASSERT_GE(band_h, kHeight / 24);
  ASSERT_LT(band_h, kHeight / 8);
  int text = 0;
  int darkened = 0;
  for (std::uint32_t y = 0; y < band_h; ++y) {
    for (std::uint32_t x = 0; x < band_w; ++x) {
      const std::uint8_t luma = frame[y * kWidth + x];
      if (luma >= 220) ++text;
      if (luma == 64) ++darkened;
    }
  }
  EXPECT_GT(text, 200) << "white text pixels";
  EXPECT_GT(darkened, static_cast<int>(band_w * band_h) / 2) << "background darkened to half";
  // Outside the band: not a single byte changed, in any plane.
  for (std::uint32_t y = 0; y < kHeight; ++y) {
    for (std::uint32_t x = 0; x < kWidth; ++x) {
      if (y < band_h && x < band_w) continue;
      ASSERT_EQ(frame[y * kWidth + x], original[y * kWidth + x]) << x << "," << y;
    }
  }
  const std::size_t chroma_start = std::size_t{kWidth} * kHeight;
  for (std::uint32_t y = band_h / 2; y < kHeight / 2; ++y) {
    ASSERT_EQ(frame[chroma_start + y * (kWidth / 2)], 200);
  }
  // Inside it, colour is taken toward grey.
  EXPECT_LT(frame[chroma_start], 200);
}

TEST(Overlay, TheSameTextDrawsTheSamePixelsAndOtherTextOthers) {
  auto overlay = make_overlay();
  ASSERT_TRUE(overlay);
  auto first = grey_frame(90, 128);
  auto again = grey_frame(90, 128);
  auto other = grey_frame(90, 128);
  overlay->draw(first, kWidth, kHeight, "2026-11-29 13:31:50  终端 T01");
  overlay->draw(other, kWidth, kHeight, "2026-11-29 13:31:51  终端 T01");
  overlay->draw(again, kWidth, kHeight, "2026-11-29 13:31:50  终端 T01");
  EXPECT_EQ(first, again);
  EXPECT_NE(first, other);
}

TEST(Overlay, ChineseCharactersAreDrawnNotLeftOut) {
  // A name in rare-ish characters is drawn with ink of its own: the text with it covers more pixels.
  auto overlay = make_overlay();
  ASSERT_TRUE(overlay);
  auto count_text = [&](const std::string& text) {
    auto frame = grey_frame(0, 128);
    overlay->draw(frame, kWidth, kHeight, text);
    return std::count_if(frame.begin(), frame.begin() + kWidth * kHeight, [](std::uint8_t v) { return v > 128; });
  };
  EXPECT_GT(count_text("终端 T01 鑫淼"), count_text("终端 T01 "));
}

TEST(Overlay, MalformedUtf8IsDrawnAsReplacementCharactersNotACrash) {
  auto overlay = make_overlay();
  ASSERT_TRUE(overlay);
  auto frame = grey_frame(128, 128);
  overlay->draw(frame, kWidth, kHeight, std::string("\xff\xfe\xe7\xbb", 4) + "T01\xc0");
  EXPECT_GT(overlay->band_width(), 0u);
}

TEST(Overlay, AFrameTooSmallForTheBandIsClipped) {
  auto overlay = make_overlay();
  ASSERT_TRUE(overlay);
  std::vector<std::uint8_t> tiny(64 * 16 * 3 / 2, 128);
  overlay->draw(tiny, 64, 16, "2026-11-29 13:31:50  终端 T01  案号 GXJ-2026-T01-000001");
  EXPECT_LE(overlay->band_width(), 64u);
  EXPECT_LE(overlay->band_height(), 16u);
}

TEST(Overlay, AMissingFontIsAnErrorThatSaysWhatToInstall) {
  auto overlay = TextOverlay::create("/nonexistent/font.ttc", 720);
  ASSERT_FALSE(overlay);
  EXPECT_NE(overlay.error().message().find("/nonexistent/font.ttc"), std::string::npos);
  EXPECT_NE(overlay.error().message().find("fonts-noto-cjk"), std::string::npos);
}

TEST(Overlay, AFontWithoutChineseIsRefused) {
  const std::filesystem::path latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  if (!std::filesystem::exists(latin)) GTEST_SKIP() << "no DejaVu font on this machine";
  auto overlay = TextOverlay::create(latin, 720);
  ASSERT_FALSE(overlay);
  EXPECT_NE(overlay.error().message().find("no Chinese characters"), std::string::npos);
}

TEST(Overlay, TextIsLocalTimeTerminalAndCase) {
  const char* saved = std::getenv("TZ");
  const std::string previous = saved ? saved : "";
  setenv("TZ", "Asia/Shanghai", 1);
  tzset();
  // 2026-11-29 05:31:50 UTC is 13:31:50 in Beijing.
  EXPECT_EQ(overlay_text(1'795'930'310'000, "T01", "GXJ-2026-T01-000001"),
            "2026-11-29 13:31:50  终端 T01  案号 GXJ-2026-T01-000001");
  EXPECT_EQ(overlay_text(1'795'930'310'999, "T01", ""), "2026-11-29 13:31:50  终端 T01");
  if (saved)
    setenv("TZ", previous.c_str(), 1);
  else
    unsetenv("TZ");
  tzset();
}

// Through the recorder, encoder and file: the decoded picture carries the band, and only the band changed.
TEST(Overlay, IsBurnedIntoTheRecordedPicture) {
  auto record = [](bool overlay, const std::filesystem::path& folder) {
    app::RecordOptions options;
    options.out_dir = folder;
    options.seconds = 1;
    options.simulate = true;
    options.virtual_clock = true;
    options.terminal_id = "T01";
    options.settings.width = kWidth;
    options.settings.height = kHeight;
    options.settings.overlay = overlay;
    auto summary = app::run_record(options);
    EXPECT_TRUE(summary) << summary.error().message();
    return testing::probe_sync(folder);
  };
  testing::TempDir with_dir;
  testing::TempDir without_dir;
  const testing::SyncReport with = record(true, with_dir.path());
  const testing::SyncReport without = record(false, without_dir.path());
  ASSERT_EQ(with.sample_luma.size(), std::size_t{kWidth} * kHeight);
  ASSERT_EQ(without.sample_luma.size(), with.sample_luma.size());
  // The band: top left, about 1/24 of the height tall plus margins.
  auto mean_difference = [&](std::uint32_t x0, std::uint32_t y0, std::uint32_t x1, std::uint32_t y1) {
    double sum = 0;
    for (std::uint32_t y = y0; y < y1; ++y) {
      for (std::uint32_t x = x0; x < x1; ++x) {
        sum += std::abs(int{with.sample_luma[y * kWidth + x]} - int{without.sample_luma[y * kWidth + x]});
      }
    }
    return sum / ((x1 - x0) * (y1 - y0));
  };
  EXPECT_GT(mean_difference(0, 0, 200, 18), 20.0) << "the overlay's band is in the picture";
  EXPECT_LT(mean_difference(0, kHeight / 2, kWidth, kHeight), 3.0) << "the rest of the picture is the camera's";
}

}  // namespace
}  // namespace kiosk::media
