// Pictures on screen. A camera or playback picture (I420): one SDL streaming texture, updated only when a newer
// frame comes. A document's preview (grey): one static texture per picture, made once, dropped when the picture is
// no longer shown.
#pragma once

#include <SDL.h>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "devices/printer/raster.h"
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

class PictureTextures {
 public:
  PictureTextures() = default;
  ~PictureTextures();
  PictureTextures(const PictureTextures&) = delete;
  PictureTextures& operator=(const PictureTextures&) = delete;

  // The picture at `width` pixels wide (scaled down once, averaging, so that drawing it is a plain copy: a scaled
  // copy each frame is slow in the software renderer, and blurs less this way).
  SDL_Texture* get(SDL_Renderer* renderer, const std::shared_ptr<const devices::GrayImage>& picture, int width);
  // Drops the textures of pictures not in `shown`.
  void keep_only(const std::vector<std::shared_ptr<const devices::GrayImage>>& shown);

 private:
  struct Entry {
    std::shared_ptr<const devices::GrayImage> picture;  // held, so its address names it
    SDL_Texture* texture = nullptr;
  };
  std::map<std::pair<const devices::GrayImage*, int>, Entry> textures_;
};

}  // namespace kiosk::ui
