// The ID card's photo is WLT, a format only the reader vendors' closed decoders turn into a picture. The kiosk
// keeps the raw 1024 bytes always; when the configuration names a decoder library (devices.idcard.wlt_decoder),
// it is loaded at run time (dlopen) and asked for the picture. The vendors' libraries export
//   int unpack(char* wlt, char* bmp, int flags)
// filling a 102×126 24-bit BMP (38862 bytes) and returning 1 on success. Without one, the UI shows a placeholder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk::devices {

inline constexpr std::size_t kWltPhotoBmpSize = 38862;  // 102 × 126, 24-bit, rows padded to 4 bytes, 54-byte header

class WltDecoder {
 public:
  // Loads the library; a missing file, or one without `unpack`, is an error that names it.
  static Expected<std::unique_ptr<WltDecoder>> load(const std::filesystem::path& library);
  ~WltDecoder();
  WltDecoder(const WltDecoder&) = delete;
  WltDecoder& operator=(const WltDecoder&) = delete;

  // The photo as a BMP file's bytes.
  Expected<std::vector<std::uint8_t>> decode(std::span<const std::uint8_t> wlt) const;

 private:
  WltDecoder() = default;
  void* handle_ = nullptr;
  int (*unpack_)(char*, char*, int) = nullptr;
  std::filesystem::path library_;
};

// A 102×126 BMP that says there is no photo decoder: what the UI shows in the photo's place without one.
std::vector<std::uint8_t> placeholder_photo_bmp();

}  // namespace kiosk::devices
