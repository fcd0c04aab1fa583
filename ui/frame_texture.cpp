#include "ui/frame_texture.h"

#include <algorithm>

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

PictureTextures::~PictureTextures() {
  for (auto& [key, entry] : textures_) SDL_DestroyTexture(entry.texture);
}

SDL_Texture* PictureTextures::get(SDL_Renderer* renderer, const std::shared_ptr<const devices::GrayImage>& picture,
                                  int width) {
  if (!picture || picture->width == 0 || picture->height == 0 || width <= 0) return nullptr;
  const std::uint32_t out_width = std::min(static_cast<std::uint32_t>(width), picture->width);
  const auto key = std::pair{picture.get(), static_cast<int>(out_width)};
  if (auto found = textures_.find(key); found != textures_.end()) return found->second.texture;
  // Each output pixel is the mean of the source pixels it covers (box filter).
  const double step = static_cast<double>(picture->width) / out_width;
  const auto out_height = static_cast<std::uint32_t>(picture->height / step);
  std::vector<std::uint8_t> rgba(std::size_t{out_width} * out_height * 4);
  for (std::uint32_t y = 0; y < out_height; ++y) {
    const auto y0 = static_cast<std::uint32_t>(y * step);
    const auto y1 = std::max(y0 + 1, std::min(picture->height, static_cast<std::uint32_t>((y + 1) * step)));
    for (std::uint32_t x = 0; x < out_width; ++x) {
      const auto x0 = static_cast<std::uint32_t>(x * step);
      const auto x1 = std::max(x0 + 1, std::min(picture->width, static_cast<std::uint32_t>((x + 1) * step)));
      std::uint32_t sum = 0;
      for (std::uint32_t sy = y0; sy < y1; ++sy) {
        for (std::uint32_t sx = x0; sx < x1; ++sx) sum += picture->pixels[std::size_t{sy} * picture->width + sx];
      }
      const auto grey = static_cast<std::uint8_t>(sum / ((y1 - y0) * (x1 - x0)));
      std::uint8_t* pixel = &rgba[(std::size_t{y} * out_width + x) * 4];
      pixel[0] = pixel[1] = pixel[2] = grey;
      pixel[3] = 255;
    }
  }
  SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC,
                                           static_cast<int>(out_width), static_cast<int>(out_height));
  if (texture == nullptr) return nullptr;  // larger than the renderer takes: the list of documents still shows
  SDL_UpdateTexture(texture, nullptr, rgba.data(), static_cast<int>(out_width) * 4);
  textures_[key] = Entry{picture, texture};
  return texture;
}

void PictureTextures::keep_only(const std::vector<std::shared_ptr<const devices::GrayImage>>& shown) {
  for (auto entry = textures_.begin(); entry != textures_.end();) {
    bool kept = false;
    for (const auto& picture : shown) kept = kept || picture.get() == entry->first.first;
    if (kept) {
      ++entry;
    } else {
      SDL_DestroyTexture(entry->second.texture);
      entry = textures_.erase(entry);
    }
  }
}

}  // namespace kiosk::ui
