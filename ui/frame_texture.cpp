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

PictureTextures::~PictureTextures() {
  for (auto& [key, entry] : textures_) SDL_DestroyTexture(entry.texture);
}

SDL_Texture* PictureTextures::get(SDL_Renderer* renderer, const std::shared_ptr<const devices::GrayImage>& picture) {
  if (!picture || picture->width == 0 || picture->height == 0) return nullptr;
  if (auto found = textures_.find(picture.get()); found != textures_.end()) return found->second.texture;
  std::vector<std::uint8_t> rgba(picture->pixels.size() * 4);
  for (std::size_t i = 0; i < picture->pixels.size(); ++i) {
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = picture->pixels[i];
    rgba[4 * i + 3] = 255;
  }
  const int width = static_cast<int>(picture->width);
  const int height = static_cast<int>(picture->height);
  SDL_Texture* texture = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGBA32, SDL_TEXTUREACCESS_STATIC, width, height);
  if (texture == nullptr) return nullptr;  // larger than the renderer takes: the list of documents still shows
  SDL_UpdateTexture(texture, nullptr, rgba.data(), width * 4);
  textures_[picture.get()] = Entry{picture, texture};
  return texture;
}

void PictureTextures::keep_only(const std::vector<std::shared_ptr<const devices::GrayImage>>& shown) {
  for (auto entry = textures_.begin(); entry != textures_.end();) {
    bool kept = false;
    for (const auto& picture : shown) kept = kept || picture.get() == entry->first;
    if (kept) {
      ++entry;
    } else {
      SDL_DestroyTexture(entry->second.texture);
      entry = textures_.erase(entry);
    }
  }
}

}  // namespace kiosk::ui
