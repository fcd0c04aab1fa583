#include "ui/platform.h"

#include <SDL.h>
#include <cstdlib>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

namespace kiosk::ui {

Expected<std::unique_ptr<Platform>> Platform::open(const WindowOptions& options) {
  // Counted by SDL: a second window's platform starts nothing again, and closing one leaves the other running.
  if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
    return Error(std::string("UI: SDL cannot start its video: ") + SDL_GetError() +
                 " — is there a display (DISPLAY, WAYLAND_DISPLAY) or /dev/dri for KMSDRM?");
  }
  // With no display at all, SDL falls back to its offscreen driver: a kiosk that draws where nobody sees it. That
  // driver is for tests, which ask for it by name (SDL_VIDEODRIVER=offscreen).
  const std::string driver = SDL_GetCurrentVideoDriver() != nullptr ? SDL_GetCurrentVideoDriver() : "";
  const char* asked = std::getenv("SDL_VIDEODRIVER");
  if ((driver == "offscreen" || driver == "dummy") && (asked == nullptr || driver != asked)) {
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    return Error(
        "UI: no display — SDL found neither X11, Wayland nor KMSDRM; start the kiosk under a display "
        "server (for example the cage compositor), or give its user access to /dev/dri for KMSDRM "
        "(`kiosk demo` runs an intake without one)");
  }
  std::unique_ptr<Platform> platform(new Platform());
  const Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI | (options.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
  const unsigned display =
      options.display > 0 && options.display < SDL_GetNumVideoDisplays() ? static_cast<unsigned>(options.display) : 0;
  const int position = static_cast<int>(SDL_WINDOWPOS_CENTERED_DISPLAY(display));
  platform->window_ = SDL_CreateWindow(options.title.c_str(), position, position, options.width, options.height, flags);
  if (platform->window_ == nullptr) return Error(std::string("UI: cannot open a window: ") + SDL_GetError());
  if (!options.software) {
    platform->renderer_ =
        SDL_CreateRenderer(platform->window_, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
  }
  if (platform->renderer_ == nullptr) {  // no GPU, or asked for software: SDL's own renderer
    platform->renderer_ = SDL_CreateRenderer(platform->window_, -1, SDL_RENDERER_SOFTWARE);
  }
  if (platform->renderer_ == nullptr) return Error(std::string("UI: no renderer: ") + SDL_GetError());
  IMGUI_CHECKVERSION();
  platform->imgui_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(platform->imgui_);
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no window layout on disk
  ImGui_ImplSDL2_InitForSDLRenderer(platform->window_);
  ImGui_ImplSDLRenderer_Init(platform->renderer_);
  return platform;
}

Platform::~Platform() {
  if (imgui_ != nullptr) {
    ImGui::SetCurrentContext(imgui_);
    ImGui_ImplSDLRenderer_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext(imgui_);
  }
  if (renderer_ != nullptr) SDL_DestroyRenderer(renderer_);
  if (window_ != nullptr) SDL_DestroyWindow(window_);
  SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
}

std::string Platform::renderer_name() const {
  SDL_RendererInfo info{};
  SDL_GetRendererInfo(renderer_, &info);
  return info.name != nullptr ? info.name : "";
}

std::string Platform::video_driver() const {
  const char* driver = SDL_GetCurrentVideoDriver();
  return driver != nullptr ? driver : "";
}

void Platform::make_current() const {
  ImGui::SetCurrentContext(imgui_);
}

std::uint32_t Platform::window_id() const {
  return SDL_GetWindowID(window_);
}

void Platform::begin_frame(const std::function<void()>& before_new_frame) {
  make_current();
  ImGui_ImplSDLRenderer_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  if (before_new_frame) before_new_frame();
  ImGui::NewFrame();
}

void Platform::end_frame() {
  make_current();
  ImGui::Render();
  SDL_SetRenderDrawColor(renderer_, 245, 246, 248, 255);
  SDL_RenderClear(renderer_);
  for (const Fill& fill : backdrop_) {
    SDL_SetRenderDrawColor(renderer_, fill.r, fill.g, fill.b, 255);
    const SDL_Rect rect{fill.x, fill.y, fill.width, fill.height};
    SDL_RenderFillRect(renderer_, &rect);
  }
  ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
  SDL_RenderFlush(renderer_);
}

void Platform::present() {
  SDL_RenderPresent(renderer_);
}

Expected<std::vector<std::uint8_t>> Platform::read_pixels(int& width, int& height) const {
  if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0) {
    return Error(std::string("UI: ") + SDL_GetError());
  }
  std::vector<std::uint8_t> pixels(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, pixels.data(), width * 4) != 0) {
    return Error(std::string("UI: cannot read the frame: ") + SDL_GetError());
  }
  return pixels;
}

}  // namespace kiosk::ui
