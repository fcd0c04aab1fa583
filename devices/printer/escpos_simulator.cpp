#include "devices/printer/escpos_simulator.h"

#include <algorithm>

namespace kiosk::devices {

std::uint8_t EscPosPrinterSimulator::status_byte(int n) const {
  const bool paper_out = paper_rows_ == 0;
  std::uint8_t answer = 0x12;  // the fixed bits
  switch (n) {
    case 1: answer |= (cover_open_ || paper_out) ? 0x08 : 0x00; break;  // offline
    case 2: answer |= (cover_open_ ? 0x04 : 0x00) | (paper_out ? 0x20 : 0x00) | (cover_open_ ? 0x40 : 0x00); break;
    case 3: break;
    case 4: answer |= (paper_out ? 0x60 : 0x00) | (paper_rows_ < 2000 ? 0x0C : 0x00); break;
    default: break;
  }
  return answer;
}

void EscPosPrinterSimulator::finish_page(std::vector<RasterImage>& into) {
  if (page_.height_dots > 0) into.push_back(page_);
  page_ = RasterImage{width_dots_, 0, {}};
}

void EscPosPrinterSimulator::receive_bytes(std::span<const std::uint8_t> bytes) {
  std::lock_guard lock(mutex_);
  if (page_.width_dots == 0) page_.width_dots = width_dots_;
  incoming_.insert(incoming_.end(), bytes.begin(), bytes.end());
  std::size_t at = 0;
  const auto left = [&] { return incoming_.size() - at; };
  while (left() > 0) {
    const std::uint8_t* command = incoming_.data() + at;
    if (command[0] == 0x00) {  // NUL: ignored, as printers do
      ++at;
      continue;
    }
    if (command[0] == 0x1B) {  // ESC
      if (left() < 2) break;
      if (command[1] == 0x40) {  // ESC @: initialize
        at += 2;
        continue;
      }
      if (command[1] == 0x64) {  // ESC d n: print and feed n lines (no dots)
        if (left() < 3) break;
        at += 3;
        continue;
      }
      ++unknown_;
      ++at;
      continue;
    }
    if (command[0] == 0x1D) {  // GS
      if (left() < 2) break;
      if (command[1] == 0x76) {  // GS v 0 m xL xH yL yH data
        if (left() < 8) break;
        const std::size_t bytes_per_row = std::size_t{command[4]} | std::size_t{command[5]} << 8;
        const std::size_t rows = std::size_t{command[6]} | std::size_t{command[7]} << 8;
        if (left() < 8 + bytes_per_row * rows) break;
        const std::size_t row_bytes = width_dots_ / 8;
        for (std::size_t row = 0; row < rows; ++row) {
          if (paper_rows_ == 0 || cover_open_) continue;  // no paper: the dots go nowhere
          --paper_rows_;
          std::vector<std::uint8_t> line(row_bytes, 0);
          std::copy_n(command + 8 + row * bytes_per_row, std::min(bytes_per_row, row_bytes), line.begin());
          page_.rows.insert(page_.rows.end(), line.begin(), line.end());
          ++page_.height_dots;
        }
        at += 8 + bytes_per_row * rows;
        continue;
      }
      if (command[1] == 0x56) {  // GS V m [n]: cut
        if (left() < 3) break;
        const bool with_feed = command[2] == 0x41 || command[2] == 0x42;
        if (with_feed && left() < 4) break;
        finish_page(pages_);
        at += with_feed ? 4 : 3;
        continue;
      }
      ++unknown_;
      ++at;
      continue;
    }
    if (command[0] == 0x10) {  // DLE EOT n: real-time status
      if (left() < 3) break;
      if (command[1] == 0x04) {
        outgoing_.push_back(status_byte(command[2]));
        at += 3;
        continue;
      }
    }
    ++unknown_;
    ++at;
  }
  incoming_.erase(incoming_.begin(), incoming_.begin() + static_cast<std::ptrdiff_t>(at));
}

std::vector<std::uint8_t> EscPosPrinterSimulator::take_answer_bytes(std::size_t most) {
  std::lock_guard lock(mutex_);
  const std::size_t count = std::min(most, outgoing_.size());
  std::vector<std::uint8_t> bytes(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(count));
  outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(count));
  return bytes;
}

void EscPosPrinterSimulator::load_paper(std::uint32_t rows) {
  std::lock_guard lock(mutex_);
  finish_page(torn_);
  paper_rows_ = rows;
}

void EscPosPrinterSimulator::set_cover_open(bool open) {
  std::lock_guard lock(mutex_);
  cover_open_ = open;
}

std::vector<RasterImage> EscPosPrinterSimulator::pages() const {
  std::lock_guard lock(mutex_);
  return pages_;
}

std::vector<RasterImage> EscPosPrinterSimulator::torn() const {
  std::lock_guard lock(mutex_);
  return torn_;
}

std::size_t EscPosPrinterSimulator::unknown_bytes() const {
  std::lock_guard lock(mutex_);
  return unknown_;
}

}  // namespace kiosk::devices
