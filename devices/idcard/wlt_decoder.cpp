#include "devices/idcard/wlt_decoder.h"

#include <cstring>
#include <dlfcn.h>
#include <mutex>

namespace kiosk::devices {
namespace {

constexpr int kWidth = 102;
constexpr int kHeight = 126;
constexpr int kRowBytes = (kWidth * 3 + 3) / 4 * 4;

void put32(std::vector<std::uint8_t>& out, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Vendor decoders are not known to be thread-safe: one call at a time.
std::mutex& decoder_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

Expected<std::unique_ptr<WltDecoder>> WltDecoder::load(const std::filesystem::path& library) {
  std::unique_ptr<WltDecoder> decoder(new WltDecoder());
  decoder->library_ = library;
  decoder->handle_ = ::dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (decoder->handle_ == nullptr) {
    const char* why = ::dlerror();
    return Error("ID card photo decoder " + library.string() + " cannot be loaded: " + (why ? why : "unknown") +
                 " — check devices.idcard.wlt_decoder (the reader vendor's library, for this CPU)");
  }
  void* symbol = ::dlsym(decoder->handle_, "unpack");
  if (symbol == nullptr) {
    return Error("ID card photo decoder " + library.string() +
                 " has no function unpack — it is not a WLT decoder library");
  }
  decoder->unpack_ = reinterpret_cast<int (*)(char*, char*, int)>(symbol);
  return decoder;
}

WltDecoder::~WltDecoder() {
  if (handle_ != nullptr) ::dlclose(handle_);
}

Expected<std::vector<std::uint8_t>> WltDecoder::decode(std::span<const std::uint8_t> wlt) const {
  if (wlt.size() != 1024) return Error("ID card photo: " + std::to_string(wlt.size()) + " bytes, WLT has 1024");
  // The decoder writes into our buffers only, and is given room to spare.
  std::vector<char> input(wlt.begin(), wlt.end());
  std::vector<char> output(kWltPhotoBmpSize + 1024, 0);
  int result = 0;
  {
    std::lock_guard lock(decoder_mutex());
    result = unpack_(input.data(), output.data(), 0);
  }
  if (result != 1) {
    return Error("ID card photo decoder " + library_.string() + " could not decode the photo (it returned " +
                 std::to_string(result) + ")");
  }
  if (output[0] != 'B' || output[1] != 'M') {
    return Error("ID card photo decoder " + library_.string() + " did not give a BMP picture");
  }
  return std::vector<std::uint8_t>(output.begin(), output.begin() + static_cast<std::ptrdiff_t>(kWltPhotoBmpSize));
}

std::vector<std::uint8_t> placeholder_photo_bmp() {
  std::vector<std::uint8_t> bmp(kWltPhotoBmpSize, 0);
  bmp[0] = 'B';
  bmp[1] = 'M';
  put32(bmp, 2, static_cast<std::uint32_t>(kWltPhotoBmpSize));
  put32(bmp, 10, 54);
  put32(bmp, 14, 40);
  put32(bmp, 18, kWidth);
  put32(bmp, 22, kHeight);
  bmp[26] = 1;
  bmp[28] = 24;
  put32(bmp, 34, static_cast<std::uint32_t>(kRowBytes * kHeight));
  // Light grey, with the outline of a head and shoulders in a darker grey.
  for (int y = 0; y < kHeight; ++y) {
    for (int x = 0; x < kWidth; ++x) {
      const int top = kHeight - 1 - y;  // BMP rows go bottom-up
      const int dx = x - kWidth / 2;
      const int head = dx * dx + (top - 45) * (top - 45);
      const bool figure = head < 22 * 22 || (top > 75 && dx * dx < (top - 60) * (top - 60));
      const std::uint8_t shade = figure ? 0xA0 : 0xE0;
      const std::size_t at = 54 + static_cast<std::size_t>(y * kRowBytes + x * 3);
      bmp[at] = bmp[at + 1] = bmp[at + 2] = shade;
    }
  }
  return bmp;
}

}  // namespace kiosk::devices
