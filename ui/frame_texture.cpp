#include "ui/frame_texture.h"

namespace kiosk::ui {

FrameTexture::~FrameTexture() {
  if (texture_ != nullptr) SDL_DestroyTexture(texture_);
}

void FrameTexture::update(SDL_Renderer* renderer, const std::shared_ptr<const media::PreviewFrame>& frame) {
  if (!frame || frame->width == 0 || frame->capture_ns == shown_ns_) return;
  const int width = static_cast<int>(frame->width);
  const int height = static_cast<int>(frame->height);
  if (texture_ == nullptr || width != width_ || height != height_) {
    if (texture_ != nullptr) SDL_DestroyTexture(texture_);
    texture_ = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_IYUV, SDL_TEXTUREACCESS_STREAMING, width, height);
    width_ = width;
    height_ = height;
  }
  if (texture_ != nullptr) SDL_UpdateTexture(texture_, nullptr, frame->i420.data(), width);
  shown_ns_ = frame->capture_ns;
}

}  // namespace kiosk::ui
