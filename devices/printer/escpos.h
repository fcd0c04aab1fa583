// ESC/POS, the receipt printers' command language: what we send (init, raster bands, feed, cut) and the one-byte
// real-time status answers (DLE EOT n) we read before and after every job.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "devices/printer/receipt_printer.h"
#include "kiosk/core/error.h"

namespace kiosk::devices::escpos {

inline constexpr std::uint8_t kInit[] = {0x1B, 0x40};             // ESC @
inline constexpr std::uint8_t kCut[] = {0x1D, 0x56, 0x42, 0x00};  // GS V 66 0: feed to the cutter and cut
inline constexpr std::uint32_t kBandRows = 128;                   // rows per GS v 0 command
inline constexpr std::uint32_t kMaxRows = 32768;                  // a receipt is never longer (4 m at 203 dpi)

// DLE EOT n: 1 printer, 2 offline cause, 3 error cause, 4 roll paper sensor.
std::vector<std::uint8_t> status_request(int n);

struct PrinterStatus {
  bool online = true;
  bool cover_open = false;
  bool paper_near_end = false;
  bool paper_out = false;
  bool cutter_error = false;
  bool unrecoverable_error = false;
  bool error = false;  // any error (the offline status's error bit)

  bool can_print() const { return online && !cover_open && !paper_out && !cutter_error && !unrecoverable_error; }
  // What the staff should do, in one line ("paper out — load a new roll and press Resume").
  std::string describe() const;
  friend bool operator==(const PrinterStatus&, const PrinterStatus&) = default;
};

// Folds the answer to DLE EOT n into `status`. A byte whose fixed bits are wrong (bit 0 and 7 clear, 1 and 4
// set) is not a status answer: an error.
Expected<void> apply_status(int n, std::uint8_t answer, PrinterStatus& status);

// The bytes of one print job: init, the image in bands of GS v 0, a feed, a cut.
std::vector<std::uint8_t> job(const RasterImage& image, int feed_lines = 4);
// The bytes of band `index` alone (for a driver that checks the paper between bands), and how many there are.
std::vector<std::uint8_t> band(const RasterImage& image, std::uint32_t index);
std::uint32_t band_count(const RasterImage& image);
// After the cable was pulled mid-job, the printer may still wait for the rest of a GS v 0 band, and would take the
// next commands (a status request, the job again) as its dots. These bytes end whatever it waits for: a band's
// worth of blank dots (the most a band can still want; the rest are NULs, which ESC/POS ignores), ESC @, and a
// feed and cut, so the spoilt part leaves the printer as a slip of its own before the job prints whole.
std::vector<std::uint8_t> after_cut_off(std::uint32_t width_dots);

}  // namespace kiosk::devices::escpos
