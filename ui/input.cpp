#include "ui/input.h"

#include <imgui.h>

namespace kiosk::ui {

bool PointerInput::handle(const SDL_Event& event, int window_width, int window_height) {
  switch (event.type) {
    case SDL_MOUSEMOTION:
      if (event.motion.which == SDL_TOUCH_MOUSEID) return true;  // SDL's echo of a finger: the finger counts
      x_ = static_cast<float>(event.motion.x);
      y_ = static_cast<float>(event.motion.y);
      return true;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (event.button.which == SDL_TOUCH_MOUSEID || event.button.button != SDL_BUTTON_LEFT) return true;
      x_ = static_cast<float>(event.button.x);
      y_ = static_cast<float>(event.button.y);
      break;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION:
      // Fingers come in 0..1 of the window.
      x_ = event.tfinger.x * static_cast<float>(window_width);
      y_ = event.tfinger.y * static_cast<float>(window_height);
      if (!touch_seen_) {
        touch_seen_ = true;
        SDL_ShowCursor(SDL_DISABLE);
      }
      if (event.type == SDL_FINGERMOTION) return true;
      break;
    default: return false;
  }
  const bool pressed = event.type == SDL_MOUSEBUTTONDOWN || event.type == SDL_FINGERDOWN;
  if (pressed) {
    down_ = true;
    pressed_this_batch_ = true;
    release_pending_ = false;
  } else if (pressed_this_batch_) {
    release_pending_ = true;  // ImGui must see it down for a frame first
  } else {
    down_ = false;
  }
  return true;
}

void PointerInput::apply() {
  ImGuiIO& io = ImGui::GetIO();
  io.MousePos = ImVec2(x_, y_);
  io.MouseDown[0] = down_;
  if (release_pending_) {
    down_ = false;  // next frame
    release_pending_ = false;
  }
  pressed_this_batch_ = false;
}

}  // namespace kiosk::ui
