// Previews of what the printer will print, for the UI and for files: the dots as a PNG (black on white, one pixel
// a dot), and as a grey picture the UI can put in a texture.
#pragma once

#include <string>

#include "devices/printer/raster.h"
#include "devices/printer/receipt_printer.h"
#include "kiosk/core/error.h"

namespace kiosk::documents {

devices::GrayImage raster_to_gray(const devices::RasterImage& image);
Expected<std::string> raster_png(const devices::RasterImage& image);
// A PNG back to grey (the golden images of the tests; a logo for a template).
Expected<devices::GrayImage> read_png(const std::string& path);

}  // namespace kiosk::documents
