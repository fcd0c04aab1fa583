// The window and its renderer: SDL2 with a hardware SDL_Renderer where there is one, the software renderer
// otherwise; X11, Wayland (under the cage kiosk compositor) or KMSDRM, whatever SDL finds — or, for tests and
// headless runs, SDL's offscreen driver. Dear ImGui runs on it through the SDL and SDL_Renderer backends.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/error.h"

struct SDL_Window;
struct SDL_Renderer;
struct ImGuiContext;

namespace kiosk::ui {

struct WindowOptions {
  std::string title = "Counter Kiosk · 窗口收件";
  int width = 1280;
  int height = 800;
  bool fullscreen = false;
  bool software = false;  // the software renderer even where a GPU is present
  int display = 0;        // which display (a second window goes on the second display where there is one)
};

class Platform {
 public:
  static Expected<std::unique_ptr<Platform>> open(const WindowOptions& options);
  ~Platform();
  Platform(const Platform&) = delete;
  Platform& operator=(const Platform&) = delete;

  // Each window has its own ImGui context; this makes it the current one (begin_frame does it too).
  void make_current() const;
  SDL_Window* window() const { return window_; }
  std::uint32_t window_id() const;
  SDL_Renderer* renderer() const { return renderer_; }
  std::string renderer_name() const;
  std::string video_driver() const;

  // Starts an ImGui frame (after the caller handled SDL's events), draws it, and shows it. `before_new_frame` runs
  // between the backends' NewFrame and ImGui's (the pointer input goes in there).
  void begin_frame(const std::function<void()>& before_new_frame = {});
  void end_frame();
  // Flat areas filled by SDL before ImGui draws (the windows' backgrounds): with the software renderer a fill is
  // a memset, where ImGui's textured triangles blend every pixel.
  struct Fill {
    int x, y, width, height;
    std::uint8_t r, g, b;
  };
  void set_backdrop(std::vector<Fill> fills) { backdrop_ = std::move(fills); }
  void present();
  // The last frame as RGBA pixels (width × height × 4), for screenshots and tests.
  Expected<std::vector<std::uint8_t>> read_pixels(int& width, int& height) const;

 private:
  Platform() = default;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  ImGuiContext* imgui_ = nullptr;
  std::vector<Fill> backdrop_;
};

}  // namespace kiosk::ui
