// The applicant's signature on the proof of service: the pen's samples grouped in strokes while the tip is down,
// kept whole (ISO/IEC 19794-7 channels x, y, t, f, s), bound to the SHA-256 of the document signed, and rendered
// for people — an anti-aliased picture for the PNG and for the signed proof, and the raw time series as JSON for
// the case file. A signature with no strokes is not a signature.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "devices/printer/raster.h"
#include "devices/sigpad/signature_pad.h"
#include "kiosk/core/error.h"
#include "kiosk/core/instant.h"

namespace kiosk::documents {

struct SignaturePoint {
  std::int64_t t_us = 0;  // from the first point of the signature (CLOCK_MONOTONIC)
  std::uint16_t x = 0;    // the pad's units
  std::uint16_t y = 0;
  std::uint16_t f = 0;  // tip pressure, 0..max_pressure
};
using SignatureStroke = std::vector<SignaturePoint>;

struct Signature {
  std::string device;  // the pad's model
  devices::PadGeometry geometry;
  std::vector<SignatureStroke> strokes;
  Instant captured_at;
  std::string document_kind;
  std::string document_sha256;  // of the document as it was shown for signing
  int redo_count = 0;           // how often the applicant started again
  std::uint64_t dropped_reports = 0;
};

class SignatureCapture {
 public:
  SignatureCapture(std::string device, devices::PadGeometry geometry)
      : device_(std::move(device)), geometry_(geometry) {}

  // Samples as the pad gives them: a stroke runs from tip down to tip up.
  void add(std::span<const devices::PenSample> samples);
  // "Sign again": the strokes so far are dropped.
  void redo();
  const std::vector<SignatureStroke>& strokes() const { return strokes_; }
  std::size_t points() const;

  // The signature of the document with this hash. An error when nothing was drawn.
  Expected<Signature> finish(std::string document_kind, std::string document_sha256, Instant at,
                             std::uint64_t dropped_reports) const;

 private:
  std::string device_;
  devices::PadGeometry geometry_;
  std::vector<SignatureStroke> strokes_;
  bool tip_down_ = false;
  std::int64_t origin_ns_ = -1;
  int redo_count_ = 0;
};

// data/signatures/<document>.json: device, resolution, channels and every point.
std::string signature_json(const Signature& signature);

// Reads it back (to draw the signed proof again for a reprint); the error names what is wrong.
Expected<Signature> parse_signature_json(std::string_view text);

// The size the case file keeps the signature's picture at (PNG, and drawn into the signed proof).
inline constexpr std::uint32_t kSignatureWidth = 600;
inline constexpr std::uint32_t kSignatureHeight = 250;

// The ink, fitted to `width` × `height` pixels with a margin, anti-aliased, line width following the pressure.
devices::GrayImage render_signature(const Signature& signature, std::uint32_t width, std::uint32_t height);
// The same as PNG bytes.
Expected<std::string> signature_png(const Signature& signature, std::uint32_t width, std::uint32_t height);

}  // namespace kiosk::documents
