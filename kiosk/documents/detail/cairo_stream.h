// cairo writes PDFs and PNGs through a callback; this one collects the bytes in a std::string.
#pragma once

#include <cairo.h>

#include <string>

namespace kiosk::documents::detail {

inline cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace kiosk::documents::detail
