// Drives the real kiosk UI headless: SDL's offscreen driver with the software renderer, a counter with the
// simulated devices (real protocol bytes through the real drivers), and taps injected as SDL finger events at the
// place each named widget was drawn in the last frame.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <thread>

#include "kiosk/app/counter.h"
#include "kiosk/media/clock.h"
#include "support/temp_dir.h"
#include "ui/kiosk_ui.h"
#include "ui/widgets.h"

namespace kiosk::testing {

// A simulated terminal's configuration in `data_dir`: a small, light recording (the UI is under test, not x264).
inline app::Config simulated_config(const std::filesystem::path& data_dir) {
  app::Config config;
  config.simulate = true;
  config.data_dir = data_dir;
  config.ui.fullscreen = false;
  config.recording.width = 320;
  config.recording.height = 240;
  config.recording.fps = 10;
  config.recording.pre_roll_seconds = 1;
  config.archive.sink = "directory";
  config.archive.directory = data_dir / "archive";
  std::filesystem::create_directories(config.archive.directory);
  return config;
}

class UiDriver {
 public:
  explicit UiDriver(const app::Config& config, int width = 1280, int height = 800, bool software = true)
      : config_(config) {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    // The software renderer draws straight into the window's pixels (no GL texture behind the offscreen window).
    if (software) setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
    auto counter = app::Counter::open(config_, app::open_counter_devices(config_, clock_), clock_);
    if (!counter) throw std::runtime_error(counter.error().message());
    counter_ = std::move(*counter);
    auto ui = ui::KioskUi::open(*counter_, ui::WindowOptions{"test", width, height, false, software});
    if (!ui) throw std::runtime_error(ui.error().message());
    ui_ = std::move(*ui);
    frames(2);
  }

  app::Counter& counter() { return *counter_; }
  ui::KioskUi& ui() { return *ui_; }
  std::shared_ptr<const app::CounterSnapshot> snapshot() const { return counter_->snapshot(); }

  void frames(int count) {
    for (int i = 0; i < count; ++i) ui_->frame();
  }

  bool visible(const std::string& target) const { return ui::targets().last().contains(target); }

  // A finger tap on the widget's centre; false when it is not on screen or greyed out.
  bool tap(const std::string& target) {
    const auto& all = ui::targets().last();
    const auto found = all.find(target);
    if (found == all.end() || !found->second.enabled) return false;
    // The finger lands in the window the widget is in (the applicant's own window, in that mode).
    ui::Platform& platform = found->second.window == 1 ? *ui_->applicant_platform() : ui_->platform();
    int width = 0;
    int height = 0;
    SDL_GetWindowSize(platform.window(), &width, &height);
    const float x = (found->second.x0 + found->second.x1) / 2 / static_cast<float>(width);
    const float y = (found->second.y0 + found->second.y1) / 2 / static_cast<float>(height);
    if (x < 0 || x >= 1 || y < 0 || y >= 1) return false;  // drawn, but off the screen: no finger reaches it
    for (Uint32 type : {SDL_FINGERDOWN, SDL_FINGERUP}) {
      SDL_Event event{};
      event.type = type;
      event.tfinger.x = x;
      event.tfinger.y = y;
      event.tfinger.fingerId = 1;
      event.tfinger.windowID = platform.window_id();
      SDL_PushEvent(&event);
    }
    frames(3);
    return true;
  }

  void type_digits(const std::string& keypad, const std::string& digits) {
    for (char digit : digits) EXPECT_TRUE(tap(keypad + "." + std::string(1, digit))) << keypad << " " << digit;
  }

  // A staff member signs in: their name, the PIN on the keypad, "sign in" — and waits until the counter has them.
  bool sign_in(const std::string& staff_id, const std::string& pin) {
    if (!tap("signin.staff." + staff_id)) return false;
    type_digits("signin.pin", pin);
    if (!tap("signin.submit")) return false;
    return wait_for([](const app::CounterSnapshot& s) { return s.staff.has_value(); });
  }

  // Typing into a text field, as the system's IME commits text: SDL_TEXTINPUT events of at most 31 bytes, cut
  // between UTF-8 characters.
  void type_text(const std::string& target, const std::string& text) {
    EXPECT_TRUE(tap(target)) << target;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = std::min(text.size(), start + 28);
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      SDL_Event event{};
      event.type = SDL_TEXTINPUT;
      text.copy(event.text.text, end - start, start);
      SDL_PushEvent(&event);
      start = end;
    }
    frames(3);
  }

  // Frames go on (the UI must stay live) until the snapshot satisfies `done`.
  bool wait_for(const std::function<bool(const app::CounterSnapshot&)>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      frames(1);
      if (done(*snapshot())) {
        frames(2);
        return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  // The screen as a PNG, into the build's ui-screens/ (and KIOSK_SCREENSHOTS_DIR, for the README).
  void screenshot(const std::string& name) {
    frames(1);
    std::filesystem::path folder = std::filesystem::current_path() / "ui-screens";
    std::filesystem::create_directories(folder);
    const auto save = [&](const std::filesystem::path& to) {
      EXPECT_TRUE(ui_->save_png(to / (name + ".png")));
      if (ui_->applicant_platform() != nullptr) {
        EXPECT_TRUE(ui_->save_png(to / (name + "-applicant.png"), true));
      }
    };
    save(folder);
    if (const char* extra = std::getenv("KIOSK_SCREENSHOTS_DIR")) {
      std::filesystem::create_directories(extra);
      save(extra);
    }
  }

  // Pixels of the last frame inside a widget's rectangle matching `match` (RGBA), as a share of the rectangle.
  double share_of(const std::string& target, const std::function<bool(const std::uint8_t*)>& match) const {
    const auto& all = ui::targets().last();
    const auto found = all.find(target);
    if (found == all.end()) return 0;
    int width = 0;
    int height = 0;
    auto pixels = ui_->pixels(width, height, found->second.window == 1);
    if (!pixels) return 0;
    std::size_t hits = 0;
    std::size_t total = 0;
    for (int y = static_cast<int>(found->second.y0); y < static_cast<int>(found->second.y1) && y < height; ++y) {
      for (int x = static_cast<int>(found->second.x0); x < static_cast<int>(found->second.x1) && x < width; ++x) {
        const std::uint8_t* pixel =
            pixels->data() +
            (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4;
        ++total;
        if (match(pixel)) ++hits;
      }
    }
    return total == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(total);
  }

 private:
  app::Config config_;
  media::SystemClock clock_;
  std::unique_ptr<app::Counter> counter_;  // declared before the UI: the UI goes first
  std::unique_ptr<ui::KioskUi> ui_;
};

}  // namespace kiosk::testing
