// Small bridges to cairo shared by the PDF, the previews and the signature: bytes out through a callback into a
// std::string, and a grey picture as a surface.
#pragma once

#include <cairo.h>
#include <cstring>
#include <string>

#include "devices/printer/raster.h"

namespace kiosk::documents::detail {

inline cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// The picture as an RGB24 surface; the caller destroys it. Check cairo_surface_status(): a picture too large for
// cairo gives an error surface.
inline cairo_surface_t* gray_surface(const devices::GrayImage& picture) {
  cairo_surface_t* surface =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(picture.width), static_cast<int>(picture.height));
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) return surface;
  cairo_surface_flush(surface);
  unsigned char* data = cairo_image_surface_get_data(surface);
  const auto stride = static_cast<std::size_t>(cairo_image_surface_get_stride(surface));
  for (std::uint32_t y = 0; y < picture.height; ++y) {
    for (std::uint32_t x = 0; x < picture.width; ++x) {
      const std::uint32_t level = picture.pixels[std::size_t{y} * picture.width + x];
      const std::uint32_t pixel = level << 16 | level << 8 | level;
      std::memcpy(data + y * stride + x * 4, &pixel, 4);
    }
  }
  cairo_surface_mark_dirty(surface);
  return surface;
}

}  // namespace kiosk::documents::detail
