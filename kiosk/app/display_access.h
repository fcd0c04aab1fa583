// Before SDL starts: can this process reach a display, and will it get touches? A kiosk that draws but takes no
// touch is the worst failure — the counter looks alive and nobody can use it — so the kiosk refuses to start, and
// `kiosk doctor` reports it, with what to change.
//
// Under a compositor (cage: WAYLAND_DISPLAY) or X (DISPLAY), the compositor owns the input devices, so only its
// socket is checked. Without either, SDL drives the screen itself through KMSDRM: the process then needs a
// /dev/dri/card* it may open read-write and, for touch, a /dev/input/event* it may read whose capabilities
// (/sys/class/input/eventN/device/capabilities, linux/input-event-codes.h) are a touch screen or a pointer.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "kiosk/core/error.h"

namespace kiosk::app {

struct DisplayEnvironment {
  std::string wayland_display;  // WAYLAND_DISPLAY
  std::string x_display;        // DISPLAY
  std::string runtime_dir;      // XDG_RUNTIME_DIR
  std::string video_driver;     // SDL_VIDEODRIVER
  std::filesystem::path dev_root = "/dev";
  std::filesystem::path sys_root = "/sys";
  // access(2); tests stand in for it, since root may open anything.
  std::function<bool(const std::filesystem::path&, int mode)> can_access;

  static DisplayEnvironment of_process();
};

struct DisplayAccess {
  std::string display;  // "Wayland wayland-0", "X11 :0", "KMSDRM /dev/dri/card0", "offscreen"
  std::string input;    // "from the compositor", "touch screen ILITEK (/dev/input/event3)", …
};

// What the kiosk will draw on and take touches from, or an error naming the missing piece and the remedy.
Expected<DisplayAccess> check_display_access(const DisplayEnvironment& environment);

// The input devices on a KMSDRM display only (the error when none is usable).
Expected<std::string> check_touch_input(const DisplayEnvironment& environment);

}  // namespace kiosk::app
