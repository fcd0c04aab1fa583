// The kiosk's window: the staff console with the applicant's panel beside it, drawn frame by frame from the
// counter's snapshot. Events come from SDL (fingers, mouse, keyboard and the IME's text); what the user asks for
// goes to the counter as commands. Closing needs a technician: the window's close button does nothing.
#pragma once

#include <SDL.h>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "kiosk/app/counter.h"
#include "ui/frame_texture.h"
#include "ui/i18n.h"
#include "ui/input.h"
#include "ui/platform.h"
#include "ui/screens.h"

namespace kiosk::ui {

inline constexpr float kApplicantPanelWidth = 400;

class KioskUi {
 public:
  static Expected<std::unique_ptr<KioskUi>> open(app::Counter& counter, const WindowOptions& window);
  ~KioskUi();

  // One frame: SDL's events, the screens, the commands. False once a technician closed the kiosk.
  bool frame();
  // The last frame as a PNG file (the README's screenshots, the tests' evidence).
  Expected<void> save_png(const std::filesystem::path& path, bool applicant = false) const;
  Expected<std::vector<std::uint8_t>> pixels(int& width, int& height, bool applicant = false) const {
    return (applicant && applicant_ ? applicant_ : platform_)->read_pixels(width, height);
  }

  UiState& state() { return ui_; }
  Translations& translations() { return tr_; }
  Platform& platform() { return *platform_; }
  Platform* applicant_platform() { return applicant_.get(); }  // null when the applicant's view is a panel

 private:
  KioskUi(app::Counter& counter, Translations tr) : counter_(counter), tr_(std::move(tr)) {}
  void draw(const app::CounterSnapshot& snapshot, std::vector<app::Command>& commands);
  void draw_applicant_window(const app::CounterSnapshot& snapshot, std::vector<app::Command>& commands);
  void draw_top_bar(ScreenContext& context);

  app::Counter& counter_;
  Translations tr_;
  // The applicant's window is opened first and closed last (SDL's video stays up while either needs it).
  std::unique_ptr<Platform> applicant_;
  PointerInput applicant_pointer_;
  std::unique_ptr<Platform> platform_;
  PointerInput pointer_;
  UiState ui_;
  FrameTexture preview_;      // the camera, live
  FrameTexture playback_;     // a recording under review
  PictureTextures pictures_;  // textures belong to one renderer: one set per window
  PictureTextures applicant_pictures_;
  std::chrono::steady_clock::time_point last_input_ = std::chrono::steady_clock::now();
};

// What the caller hears of the loop: the first frame drawn (the service is ready), and every frame (the watchdog).
struct LoopHooks {
  std::function<void()> first_frame;
  std::function<void()> every_frame;
};

// The kiosk until SIGTERM (or a technician closes it): about 60 frames a second.
int run_kiosk(app::Counter& counter, const WindowOptions& window, const std::atomic<bool>& stop,
              const LoopHooks& hooks = {});

}  // namespace kiosk::ui
