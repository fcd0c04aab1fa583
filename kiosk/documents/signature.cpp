#include "kiosk/documents/signature.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cairo.h>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numbers>

#include "kiosk/documents/detail/cairo_util.h"

namespace kiosk::documents {
namespace {

using nlohmann::ordered_json;

struct SurfaceDeleter {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDeleter {
  void operator()(cairo_t* cairo) const { cairo_destroy(cairo); }
};

// Draws the ink on a white RGB24 surface of the given size.
std::unique_ptr<cairo_surface_t, SurfaceDeleter> draw(const Signature& signature, std::uint32_t width,
                                                      std::uint32_t height) {
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(width), static_cast<int>(height)));
  std::unique_ptr<cairo_t, ContextDeleter> cairo(cairo_create(surface.get()));
  cairo_set_source_rgb(cairo.get(), 1, 1, 1);
  cairo_paint(cairo.get());

  double min_x = std::numeric_limits<double>::max();
  double min_y = min_x;
  double max_x = std::numeric_limits<double>::lowest();
  double max_y = max_x;
  // Pads may have different resolutions across and down: draw in millimetres where the pad says.
  const double sx = signature.geometry.x_units_per_mm > 0 ? 1.0 / signature.geometry.x_units_per_mm : 1.0;
  const double sy = signature.geometry.y_units_per_mm > 0 ? 1.0 / signature.geometry.y_units_per_mm : 1.0;
  for (const SignatureStroke& stroke : signature.strokes) {
    for (const SignaturePoint& point : stroke) {
      min_x = std::min(min_x, point.x * sx);
      max_x = std::max(max_x, point.x * sx);
      min_y = std::min(min_y, point.y * sy);
      max_y = std::max(max_y, point.y * sy);
    }
  }
  if (min_x > max_x) return surface;  // no ink
  const double margin = 0.08 * std::min(width, height);
  const double ink_width = std::max(max_x - min_x, 1e-6);
  const double ink_height = std::max(max_y - min_y, 1e-6);
  const double scale = std::min((width - 2 * margin) / ink_width, (height - 2 * margin) / ink_height);
  const double left = (width - ink_width * scale) / 2;
  const double top = (height - ink_height * scale) / 2;
  const double pen = std::max(1.2, 0.012 * std::min(width, height));
  const double max_pressure = std::max<double>(signature.geometry.max_pressure, 1);

  cairo_set_antialias(cairo.get(), CAIRO_ANTIALIAS_BEST);
  cairo_set_line_cap(cairo.get(), CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cairo.get(), CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgb(cairo.get(), 0.05, 0.05, 0.2);
  const auto place = [&](const SignaturePoint& point) {
    return std::pair{left + (point.x * sx - min_x) * scale, top + (point.y * sy - min_y) * scale};
  };
  for (const SignatureStroke& stroke : signature.strokes) {
    if (stroke.size() == 1) {  // a dot
      const auto [x, y] = place(stroke[0]);
      cairo_arc(cairo.get(), x, y, pen / 2, 0, 2 * std::numbers::pi);
      cairo_fill(cairo.get());
      continue;
    }
    for (std::size_t i = 1; i < stroke.size(); ++i) {
      const auto [x0, y0] = place(stroke[i - 1]);
      const auto [x1, y1] = place(stroke[i]);
      const double force = (stroke[i - 1].f + stroke[i].f) / (2 * max_pressure);
      cairo_set_line_width(cairo.get(), pen * (0.45 + 0.9 * std::clamp(force, 0.0, 1.0)));
      cairo_move_to(cairo.get(), x0, y0);
      cairo_line_to(cairo.get(), x1, y1);
      cairo_stroke(cairo.get());
    }
  }
  cairo_surface_flush(surface.get());
  return surface;
}

}  // namespace

void SignatureCapture::add(std::span<const devices::PenSample> samples) {
  for (const devices::PenSample& sample : samples) {
    if (!sample.tip) {
      tip_down_ = false;
      continue;
    }
    if (origin_ns_ < 0) origin_ns_ = sample.monotonic_ns;
    if (!tip_down_) strokes_.emplace_back();
    tip_down_ = true;
    strokes_.back().push_back(SignaturePoint{std::max<std::int64_t>(0, (sample.monotonic_ns - origin_ns_) / 1000),
                                             sample.x, sample.y, std::min(sample.pressure, geometry_.max_pressure)});
  }
}

void SignatureCapture::redo() {
  strokes_.clear();
  tip_down_ = false;
  origin_ns_ = -1;
  ++redo_count_;
}

std::size_t SignatureCapture::points() const {
  std::size_t count = 0;
  for (const SignatureStroke& stroke : strokes_) count += stroke.size();
  return count;
}

Expected<Signature> SignatureCapture::finish(std::string document_kind, std::string document_sha256, Instant at,
                                             std::uint64_t dropped_reports) const {
  if (strokes_.empty()) {
    return Error(
        "signature: nothing was drawn on the pad — ask the applicant to sign, or record the refusal to sign with a "
        "witness");
  }
  if (document_sha256.size() != 64) return Error("signature: the signed document's hash is missing");
  return Signature{device_,     geometry_,      strokes_, at, std::move(document_kind), std::move(document_sha256),
                   redo_count_, dropped_reports};
}

std::string signature_json(const Signature& signature) {
  ordered_json json;
  json["schema"] = "counter-kiosk/signature/1";
  json["document"] = {{"kind", signature.document_kind}, {"sha256", signature.document_sha256}};
  json["captured_at"] = format_rfc3339(signature.captured_at);
  json["device"] = {{"model", signature.device},
                    {"max_x", signature.geometry.max_x},
                    {"max_y", signature.geometry.max_y},
                    {"max_pressure", signature.geometry.max_pressure},
                    {"x_units_per_mm", signature.geometry.x_units_per_mm},
                    {"y_units_per_mm", signature.geometry.y_units_per_mm}};
  // ISO/IEC 19794-7 channel names; t in microseconds from the first point, s (tip switch) is 1 in every stroke.
  json["channels"] = {"x", "y", "t", "f", "s"};
  json["time_unit"] = "us";
  json["redo_count"] = signature.redo_count;
  json["dropped_reports"] = signature.dropped_reports;
  ordered_json strokes = ordered_json::array();
  std::size_t points = 0;
  for (const SignatureStroke& stroke : signature.strokes) {
    ordered_json list = ordered_json::array();
    for (const SignaturePoint& point : stroke) list.push_back({point.x, point.y, point.t_us, point.f, 1});
    points += stroke.size();
    strokes.push_back(std::move(list));
  }
  json["stroke_count"] = signature.strokes.size();
  json["point_count"] = points;
  json["strokes"] = std::move(strokes);
  return json.dump() + "\n";
}

Expected<Signature> parse_signature_json(std::string_view text) {
  const ordered_json json = ordered_json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.value("schema", "") != "counter-kiosk/signature/1") {
    return Error("signature file: not a counter-kiosk signature (schema counter-kiosk/signature/1)");
  }
  try {
    Signature signature;
    signature.document_kind = json.at("document").at("kind").get<std::string>();
    signature.document_sha256 = json.at("document").at("sha256").get<std::string>();
    const auto& device = json.at("device");
    signature.device = device.at("model").get<std::string>();
    signature.geometry =
        devices::PadGeometry{device.at("max_x").get<std::uint16_t>(), device.at("max_y").get<std::uint16_t>(),
                             device.at("max_pressure").get<std::uint16_t>(), device.at("x_units_per_mm").get<double>(),
                             device.at("y_units_per_mm").get<double>()};
    signature.redo_count = json.at("redo_count").get<int>();
    signature.dropped_reports = json.at("dropped_reports").get<std::uint64_t>();
    for (const auto& stroke : json.at("strokes")) {
      SignatureStroke points;
      for (const auto& point : stroke) {
        points.push_back(SignaturePoint{point.at(2).get<std::int64_t>(), point.at(0).get<std::uint16_t>(),
                                        point.at(1).get<std::uint16_t>(), point.at(3).get<std::uint16_t>()});
      }
      signature.strokes.push_back(std::move(points));
    }
    return signature;
  } catch (const ordered_json::exception& error) {
    return Error(std::string("signature file: ") + error.what());
  }
}

devices::GrayImage render_signature(const Signature& signature, std::uint32_t width, std::uint32_t height) {
  auto surface = draw(signature, width, height);
  devices::GrayImage image{width, height, std::vector<std::uint8_t>(std::size_t{width} * height)};
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const auto stride = static_cast<std::size_t>(cairo_image_surface_get_stride(surface.get()));
  for (std::uint32_t y = 0; y < height; ++y) {
    for (std::uint32_t x = 0; x < width; ++x) {
      std::uint32_t pixel;
      std::memcpy(&pixel, data + y * stride + x * 4, 4);
      const std::uint32_t r = (pixel >> 16) & 0xFF;
      const std::uint32_t g = (pixel >> 8) & 0xFF;
      const std::uint32_t b = pixel & 0xFF;
      image.pixels[std::size_t{y} * width + x] = static_cast<std::uint8_t>((r * 30 + g * 59 + b * 11) / 100);
    }
  }
  return image;
}

Expected<std::string> signature_png(const Signature& signature, std::uint32_t width, std::uint32_t height) {
  auto surface = draw(signature, width, height);
  std::string bytes;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface.get(), detail::append_to_string, &bytes);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Error(std::string("signature: cannot make the PNG: ") + cairo_status_to_string(status));
  }
  return bytes;
}

}  // namespace kiosk::documents
