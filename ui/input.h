// Mouse and touch for ImGui, done by us: Dear ImGui 1.86's SDL backend reads the mouse only while the window has
// focus and knows no fingers. SDL's mouse and finger events become ImGui's pointer; a press and release that arrive
// in one batch of events still make a click (the release waits one frame: ImGui sees the button down, then up).
// A touch screen hides the cursor.
#pragma once

#include <SDL.h>

namespace kiosk::ui {

class PointerInput {
 public:
  // Feeds one SDL event; returns true when it was a pointer event (taken here).
  bool handle(const SDL_Event& event, int window_width, int window_height);
  // After the backends' NewFrame and before ImGui::NewFrame: the pointer as ImGui must see it this frame.
  void apply();
  bool touch_seen() const { return touch_seen_; }

 private:
  float x_ = -1;
  float y_ = -1;
  bool down_ = false;
  bool release_pending_ = false;  // released in the same batch it was pressed: up on the next frame
  bool pressed_this_batch_ = false;
  bool touch_seen_ = false;
};

}  // namespace kiosk::ui
