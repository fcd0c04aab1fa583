// The UI's foundation, headless (SDL's offscreen driver, the software renderer): a window and renderer open, the CJK
// font's atlas holds every UI string and stays within the texture limit, Chinese text is really drawn (pixels
// change where it stands), and the translation table switches language with no key missing in English.
#include <gtest/gtest.h>

#include <cstdlib>
#include <imgui.h>

#include "ui/fonts.h"
#include "ui/i18n.h"
#include "ui/input.h"
#include "ui/platform.h"
#include "ui/status_bar.h"

namespace kiosk::ui {
namespace {

Translations strings() {
  auto loaded = Translations::load(std::string(KIOSK_SOURCE_ROOT) + "/assets/i18n");
  EXPECT_TRUE(loaded) << loaded.error().message();
  return *loaded;
}

TEST(Translations, ChineseFirstEnglishSecondNothingMissing) {
  Translations tr = strings();
  EXPECT_STREQ(tr("intake.new"), "新建收件");
  tr.use("en");
  EXPECT_STREQ(tr("intake.new"), "New intake");
  EXPECT_TRUE(tr.missing_keys("en").empty());
  tr.use("fr");  // not a language we have: stays English
  EXPECT_EQ(tr.language(), "en");
  EXPECT_STREQ(tr("no.such.key"), "no.such.key");  // a wrong key shows itself, never a blank
}

class Headless : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    auto platform = Platform::open(WindowOptions{"test", 640, 400, false, true});
    ASSERT_TRUE(platform) << platform.error().message();
    platform_ = std::move(*platform);
  }
  std::unique_ptr<Platform> platform_;
};

TEST_F(Headless, TheAtlasHoldsEveryUiStringWithinTheTextureLimit) {
  const Translations tr = strings();
  auto report = load_ui_font(28, tr.all_text() + "张伟示例路");
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_GT(report->glyphs, 2500);
  EXPECT_LE(report->atlas_width, 4096);
  EXPECT_LE(report->atlas_height, 4096);
  EXPECT_TRUE(font_covers(tr.all_text()));
  EXPECT_TRUE(font_covers("张伟 广东省广州市天河区示例路1号"));
  EXPECT_EQ(platform_->video_driver(), "offscreen");
  EXPECT_EQ(platform_->renderer_name(), "software");
}

TEST_F(Headless, ChineseTextIsDrawn) {
  const Translations tr = strings();
  ASSERT_TRUE(load_ui_font(28, tr.all_text()));
  // A frame with nothing, and one with a line of Chinese: the text changes pixels, dark on the light background.
  const auto frame = [&](const char* text) {
    platform_->begin_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(640, 400));
    ImGui::Begin("main", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground);
    if (text != nullptr) ImGui::TextUnformatted(text);
    ImGui::End();
    platform_->end_frame();
    int width = 0;
    int height = 0;
    auto pixels = platform_->read_pixels(width, height);
    EXPECT_TRUE(pixels) << pixels.error().message();
    platform_->present();
    return pixels ? *pixels : std::vector<std::uint8_t>{};
  };
  const auto empty = frame(nullptr);
  const auto written = frame(tr("app.title"));
  ASSERT_EQ(empty.size(), written.size());
  ASSERT_FALSE(empty.empty());
  std::size_t changed = 0;
  for (std::size_t i = 0; i < empty.size(); i += 4) {
    if (empty[i] != written[i]) ++changed;
  }
  EXPECT_GT(changed, 500u) << "the title's glyphs were not drawn";
}

// A tap on a touch screen: finger down and up in the same batch of events still clicks the button under it, once.
TEST_F(Headless, AFingerTapClicksTheButtonUnderIt) {
  ASSERT_TRUE(load_ui_font(28, "新建收件"));
  PointerInput pointer;
  int clicks = 0;
  const auto frame = [&] {
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) pointer.handle(event, 640, 400);
    platform_->begin_frame([&] { pointer.apply(); });
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(640, 400));
    ImGui::Begin("main", nullptr, ImGuiWindowFlags_NoDecoration);
    ImGui::SetCursorPos(ImVec2(100, 100));
    if (ImGui::Button("新建收件", ImVec2(200, 80))) ++clicks;  // a 48 px target at least
    ImGui::End();
    platform_->end_frame();
    platform_->present();
  };
  frame();
  const auto finger = [](Uint32 type, float x, float y) {
    SDL_Event event{};
    event.type = type;
    event.tfinger.x = x;
    event.tfinger.y = y;
    event.tfinger.fingerId = 1;
    SDL_PushEvent(&event);
  };
  // Inside the button (100..300, 100..180 of 640×400): (200, 140).
  finger(SDL_FINGERDOWN, 200.0F / 640, 140.0F / 400);
  finger(SDL_FINGERUP, 200.0F / 640, 140.0F / 400);
  for (int i = 0; i < 4; ++i) frame();
  EXPECT_EQ(clicks, 1);
  EXPECT_TRUE(pointer.touch_seen());
  // A tap beside it clicks nothing.
  finger(SDL_FINGERDOWN, 500.0F / 640, 350.0F / 400);
  finger(SDL_FINGERUP, 500.0F / 640, 350.0F / 400);
  for (int i = 0; i < 4; ++i) frame();
  EXPECT_EQ(clicks, 1);
}

// The status bar: a device that is not there is red on the screen; with every device ready, nothing is red.
TEST_F(Headless, TheStatusBarShowsAMissingDeviceInRed) {
  const Translations tr = strings();
  ASSERT_TRUE(load_ui_font(24, tr.all_text()));
  const auto red_pixels = [&](const app::TerminalStatus& status) {
    platform_->begin_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(640, 400));
    ImGui::Begin("main", nullptr, ImGuiWindowFlags_NoDecoration);
    draw_status_bar(status, tr);
    ImGui::End();
    platform_->end_frame();
    int width = 0;
    int height = 0;
    const auto pixels = *platform_->read_pixels(width, height);
    platform_->present();
    std::size_t red = 0;
    for (std::size_t i = 0; i + 3 < pixels.size(); i += 4) {
      if (pixels[i] > 180 && pixels[i + 1] < 60 && pixels[i + 2] < 60) ++red;
    }
    return red;
  };
  app::TerminalStatus status;
  status.free_bytes = 50ULL << 30;
  status.reserve_bytes = 2ULL << 30;
  for (const char* key : {"status.camera", "status.microphone", "status.idcard", "status.sigpad", "status.printer"}) {
    status.devices.push_back({key, {devices::DeviceState::ready, ""}});
  }
  EXPECT_EQ(red_pixels(status), 0u);
  status.devices[4].status = {devices::DeviceState::absent, "USB device 0416:5011 is not plugged in"};
  EXPECT_GT(red_pixels(status), 1000u);
  EXPECT_EQ(colour_of(devices::DeviceState::busy).b > 0.5F, true);
}

}  // namespace
}  // namespace kiosk::ui
