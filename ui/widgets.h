// The console's touch widgets: big buttons (at least 48 px), an on-screen numeric keypad for PINs and phone
// numbers, and steppers for copies and pages. Every widget a test may tap is registered under a stable name with
// its rectangle, so the headless tests tap it where it really is on screen.
#pragma once

#include <imgui.h>
#include <map>
#include <string>

namespace kiosk::ui {

inline constexpr float kTouchTarget = 56;  // px: above the 48 px minimum for a finger

struct TargetRect {
  float x0, y0, x1, y1;
  bool enabled;
  int window;  // 0: the staff console's window; 1: the applicant's
};

// Where each named widget was drawn in the last frame.
class Targets {
 public:
  void begin_frame() { current_.clear(); }
  void end_frame() { last_ = current_; }
  void mark(const std::string& name, bool enabled);
  void set_window(int window) { window_ = window; }
  const std::map<std::string, TargetRect>& last() const { return last_; }

 private:
  std::map<std::string, TargetRect> current_;
  std::map<std::string, TargetRect> last_;
  int window_ = 0;
};
Targets& targets();

// A button that is greyed out (and does nothing) when not `enabled`; `target` names it for the tests.
bool big_button(const char* label, const std::string& target, ImVec2 size = ImVec2(0, kTouchTarget),
                bool enabled = true);
// A coloured button (the primary action of a step, the red "stop", …).
bool colour_button(const char* label, const std::string& target, ImVec4 colour, ImVec2 size = ImVec2(0, kTouchTarget),
                   bool enabled = true);
// 0–9, ← and C, three columns of 72 px keys; returns true when the value changed.
bool numeric_keypad(std::string& value, std::size_t max_length, const std::string& target, bool allow_x = false);
// A text field (the keyboard or the system's IME types into it), registered as `target`.
bool text_field(const char* label, std::string* value, const std::string& target);
// − value + for a count from `minimum` to `maximum`.
void stepper(const char* label, int& value, int minimum, int maximum, const std::string& target);

ImVec4 rgb(int r, int g, int b);
inline const ImVec4 kPrimary = rgb(0x1f, 0x5f, 0xbf);
inline const ImVec4 kDanger = rgb(0xc6, 0x28, 0x28);
inline const ImVec4 kOk = rgb(0x2e, 0x7d, 0x32);
inline const ImVec4 kWarning = rgb(0xb2, 0x6a, 0x00);

}  // namespace kiosk::ui
