#include "kiosk/documents/preview.h"

#include <cairo.h>
#include <cstring>

#include "kiosk/documents/detail/cairo_util.h"

namespace kiosk::documents {

devices::GrayImage raster_to_gray(const devices::RasterImage& image) {
  devices::GrayImage grey{image.width_dots, image.height_dots,
                          std::vector<std::uint8_t>(std::size_t{image.width_dots} * image.height_dots, 255)};
  const std::size_t row_bytes = image.width_dots / 8;
  for (std::uint32_t y = 0; y < image.height_dots; ++y) {
    for (std::uint32_t x = 0; x < image.width_dots; ++x) {
      const std::uint8_t byte = image.rows[std::size_t{y} * row_bytes + x / 8];
      if ((byte >> (7 - x % 8)) & 1U) grey.pixels[std::size_t{y} * image.width_dots + x] = 0;
    }
  }
  return grey;
}

Expected<std::string> raster_png(const devices::RasterImage& image) {
  const devices::GrayImage grey = raster_to_gray(image);
  cairo_surface_t* surface = detail::gray_surface(grey);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Error("preview: cannot make a picture of " + std::to_string(grey.width) + "×" + std::to_string(grey.height));
  }
  std::string bytes;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface, detail::append_to_string, &bytes);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return Error(std::string("preview: ") + cairo_status_to_string(status));
  return bytes;
}

Expected<devices::GrayImage> read_png(const std::string& path) {
  cairo_surface_t* surface = cairo_image_surface_create_from_png(path.c_str());
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    const std::string reason = cairo_status_to_string(cairo_surface_status(surface));
    cairo_surface_destroy(surface);
    return Error("cannot read the PNG " + path + ": " + reason);
  }
  cairo_surface_flush(surface);
  const auto width = static_cast<std::uint32_t>(cairo_image_surface_get_width(surface));
  const auto height = static_cast<std::uint32_t>(cairo_image_surface_get_height(surface));
  const auto stride = static_cast<std::size_t>(cairo_image_surface_get_stride(surface));
  const cairo_format_t format = cairo_image_surface_get_format(surface);
  const unsigned char* data = cairo_image_surface_get_data(surface);
  devices::GrayImage grey{width, height, std::vector<std::uint8_t>(std::size_t{width} * height)};
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      std::uint32_t level = 0;
      if (format == CAIRO_FORMAT_A8) {
        level = 255U - data[y * stride + x];
      } else {
        std::uint32_t pixel;
        std::memcpy(&pixel, data + y * stride + x * 4, 4);
        level = (((pixel >> 16) & 0xFF) * 30 + ((pixel >> 8) & 0xFF) * 59 + (pixel & 0xFF) * 11) / 100;
      }
      grey.pixels[std::size_t{y} * width + x] = static_cast<std::uint8_t>(level);
    }
  }
  cairo_surface_destroy(surface);
  return grey;
}

}  // namespace kiosk::documents
