// References from a case to the artifacts other modules produce. Paths are relative to the case file's data/.
#pragma once

#include <cstdint>
#include <string>

namespace kiosk {

struct DocumentRef {
  std::string kind;    // "material_receipt", "acceptance_notice", ... (kiosk/documents names them)
  std::string file;    // "documents/material_receipt.pdf"
  std::string sha256;  // lowercase hex

  friend bool operator==(const DocumentRef&, const DocumentRef&) = default;
};

// 送达回证 — the proof of service is signed, or the refusal to sign is recorded with a witness.
struct SignatureRef {
  std::string document_kind;
  std::string document_sha256;  // binds the pen data to the exact document signed
  std::string file;             // "signatures/proof_of_service.json"; empty when refused
  std::string sha256;
  bool refused = false;
  std::string refusal_note;
  std::string witness;

  friend bool operator==(const SignatureRef&, const SignatureRef&) = default;
};

// One recording segment; its sequence is the number that maps one-to-one to the paper file.
struct MediaSegmentRef {
  std::int32_t sequence = 0;
  std::string file;  // "media/0001.mp4"
  std::string sha256;
  std::uint64_t bytes = 0;
  std::int64_t start_monotonic_ns = 0;
  std::int64_t duration_ns = 0;
  std::int64_t start_unix_ms = 0;  // wall time of its first and last frame
  std::int64_t end_unix_ms = 0;
  std::int64_t video_frames = 0;
  std::int64_t audio_samples = 0;
  std::int64_t dropped_frames = 0;  // frames the camera gave that could not be recorded (always counted)

  friend bool operator==(const MediaSegmentRef&, const MediaSegmentRef&) = default;
};

}  // namespace kiosk
