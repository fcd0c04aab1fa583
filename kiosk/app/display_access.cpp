#include "kiosk/app/display_access.h"

#include <climits>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

// linux/input-event-codes.h
constexpr unsigned kAbsX = 0x00;
constexpr unsigned kAbsMtPositionX = 0x35;
constexpr unsigned kRelX = 0x00;
constexpr unsigned kBtnLeft = 0x110;
constexpr unsigned kBtnTouch = 0x14a;

std::string environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

std::string first_line(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// A sysfs capability bitmap: hex words of an unsigned long each, the most significant first ("2608000 3").
bool has_bit(const std::string& bitmap, unsigned bit) {
  std::vector<std::string> words;
  std::istringstream in(bitmap);
  for (std::string word; in >> word;) words.push_back(word);
  std::reverse(words.begin(), words.end());
  constexpr unsigned kWordBits = sizeof(unsigned long) * CHAR_BIT;
  const std::size_t index = bit / kWordBits;
  if (index >= words.size()) return false;
  const unsigned long word = std::strtoul(words[index].c_str(), nullptr, 16);
  return ((word >> (bit % kWordBits)) & 1UL) != 0;
}

struct InputDevice {
  std::string node;  // event3
  std::string name;
  bool touch = false;
  bool pointer = false;
};

std::vector<InputDevice> input_devices(const fs::path& sys_root) {
  std::vector<InputDevice> found;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(sys_root / "class" / "input", error)) {
    const std::string node = entry.path().filename().string();
    if (node.rfind("event", 0) != 0) continue;
    const fs::path capabilities = entry.path() / "device" / "capabilities";
    const std::string abs = first_line(capabilities / "abs");
    const std::string key = first_line(capabilities / "key");
    const std::string rel = first_line(capabilities / "rel");
    InputDevice device{node, first_line(entry.path() / "device" / "name")};
    device.touch = has_bit(abs, kAbsMtPositionX) || (has_bit(abs, kAbsX) && has_bit(key, kBtnTouch));
    device.pointer = has_bit(rel, kRelX) && has_bit(key, kBtnLeft);
    if (device.touch || device.pointer) found.push_back(std::move(device));
  }
  std::sort(found.begin(), found.end(), [](const InputDevice& a, const InputDevice& b) {
    return a.touch != b.touch ? a.touch : a.node < b.node;  // touch screens first
  });
  return found;
}

bool accessible(const DisplayEnvironment& environment, const fs::path& path, int mode) {
  if (environment.can_access) return environment.can_access(path, mode);
  return ::access(path.c_str(), mode) == 0;
}

Expected<DisplayAccess> check_wayland(const DisplayEnvironment& environment) {
  fs::path socket = environment.wayland_display;
  if (socket.is_relative()) {
    if (environment.runtime_dir.empty()) {
      return Error("display: WAYLAND_DISPLAY is " + environment.wayland_display +
                   " but XDG_RUNTIME_DIR is not set — start the kiosk from the unit (it runs cage and sets both)");
    }
    socket = fs::path(environment.runtime_dir) / socket;
  }
  if (!fs::exists(socket)) {
    return Error("display: no Wayland compositor at " + socket.string() +
                 " — is cage running? (systemctl status counter-kiosk)");
  }
  if (!accessible(environment, socket, R_OK | W_OK)) {
    return Error("display: may not connect to the Wayland socket " + socket.string() +
                 " — run the kiosk as the user the compositor runs as");
  }
  return DisplayAccess{"Wayland " + environment.wayland_display, "from the compositor"};
}

Expected<DisplayAccess> check_x11(const DisplayEnvironment& environment) {
  const std::string& display = environment.x_display;
  // ":0" or ":0.0" is a local server with its socket in /tmp/.X11-unix; "host:0" goes over the network, unchecked.
  if (!display.empty() && display.front() == ':') {
    const std::string number = display.substr(1, display.find('.') - 1);
    const fs::path socket = fs::path("/tmp/.X11-unix") / ("X" + number);
    if (!fs::exists(socket)) {
      return Error("display: no X server for DISPLAY=" + display + " (no " + socket.string() +
                   ") — start the X server first, or unset DISPLAY to use the screen directly (KMSDRM)");
    }
  }
  return DisplayAccess{"X11 " + display, "from the X server"};
}

Expected<DisplayAccess> check_kmsdrm(const DisplayEnvironment& environment) {
  std::vector<fs::path> cards;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(environment.dev_root / "dri", error)) {
    if (entry.path().filename().string().rfind("card", 0) == 0) cards.push_back(entry.path());
  }
  std::sort(cards.begin(), cards.end());
  if (cards.empty()) {
    return Error("display: no display: neither WAYLAND_DISPLAY nor DISPLAY is set, and there is no " +
                 (environment.dev_root / "dri" / "card*").string() +
                 " for KMSDRM — start the kiosk under a display (the counter-kiosk unit runs cage), or check the "
                 "graphics driver (ls /dev/dri)");
  }
  const auto usable = std::find_if(cards.begin(), cards.end(),
                                   [&](const fs::path& card) { return accessible(environment, card, R_OK | W_OK); });
  if (usable == cards.end()) {
    return Error("display: may not open " + cards.front().string() +
                 " — the service user needs the groups video and render (the unit's SupplementaryGroups)");
  }
  std::string input = TRY(check_touch_input(environment));
  return DisplayAccess{"KMSDRM " + usable->string(), std::move(input)};
}

}  // namespace

DisplayEnvironment DisplayEnvironment::of_process() {
  DisplayEnvironment environment;
  environment.wayland_display = environment_value("WAYLAND_DISPLAY");
  environment.x_display = environment_value("DISPLAY");
  environment.runtime_dir = environment_value("XDG_RUNTIME_DIR");
  environment.video_driver = environment_value("SDL_VIDEODRIVER");
  return environment;
}

Expected<std::string> check_touch_input(const DisplayEnvironment& environment) {
  const std::vector<InputDevice> devices = input_devices(environment.sys_root);
  if (devices.empty()) {
    return Error("touch: no touch screen or pointer among " + (environment.sys_root / "class/input").string() +
                 " — plug in the touch screen's USB cable (the kiosk would draw and take no touch)");
  }
  for (const InputDevice& device : devices) {
    const fs::path node = environment.dev_root / "input" / device.node;
    if (accessible(environment, node, R_OK)) {
      return std::string(device.touch ? "touch screen " : "pointer ") + device.name + " (" + node.string() + ")";
    }
  }
  const InputDevice& first = devices.front();
  return Error("touch: may not read " + (environment.dev_root / "input" / first.node).string() + " (" + first.name +
               ") — the service user needs the group input (the unit's SupplementaryGroups); the kiosk would draw "
               "and take no touch");
}

Expected<DisplayAccess> check_display_access(const DisplayEnvironment& environment) {
  const std::string& driver = environment.video_driver;
  if (driver == "offscreen" || driver == "dummy") return DisplayAccess{driver + " (asked for)", "none"};
  if (driver == "kmsdrm") return check_kmsdrm(environment);
  if (driver == "wayland" || (driver.empty() && !environment.wayland_display.empty())) {
    if (environment.wayland_display.empty()) {
      return Error("display: SDL_VIDEODRIVER is wayland but WAYLAND_DISPLAY is not set — start the kiosk under cage");
    }
    return check_wayland(environment);
  }
  if (driver == "x11" || (driver.empty() && !environment.x_display.empty())) {
    if (environment.x_display.empty()) {
      return Error("display: SDL_VIDEODRIVER is x11 but DISPLAY is not set — set DISPLAY or unset SDL_VIDEODRIVER");
    }
    return check_x11(environment);
  }
  if (!driver.empty()) {
    return Error("display: SDL_VIDEODRIVER=" + driver +
                 " is not one the kiosk supports — use wayland (cage), x11 or kmsdrm, or unset it");
  }
  return check_kmsdrm(environment);
}

}  // namespace kiosk::app
