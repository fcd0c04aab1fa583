// A camera or playback picture (I420) on screen: one SDL streaming texture, updated only when a newer frame comes.
#pragma once

#include <SDL.h>
#include <cstdint>
#include <memory>

#include "kiosk/media/preview.h"

namespace kiosk::ui {

class FrameTexture {
 public:
  FrameTexture() = default;
  ~FrameTexture();
  FrameTexture(const FrameTexture&) = delete;
  FrameTexture& operator=(const FrameTexture&) = delete;

  void update(SDL_Renderer* renderer, const std::shared_ptr<const media::PreviewFrame>& frame);
  SDL_Texture* texture() const { return texture_; }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  SDL_Texture* texture_ = nullptr;
  int width_ = 0;
  int height_ = 0;
  std::int64_t shown_ns_ = -1;
};

}  // namespace kiosk::ui
