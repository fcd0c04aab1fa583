// Case numbers: a configurable pattern such as "FS-GXJ-{year}-{seq:06}" → FS-GXJ-2026-000123.
// Numbers are consecutive without gaps per terminal; the store keeps the counter for each scope.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/error.h"

namespace kiosk {

class CaseNumberPattern {
 public:
  // Tokens: {year} (the local year), {terminal} (the terminal id), {seq} or {seq:0N} (zero-padded to N digits).
  // Exactly one {seq}; literal characters are letters, digits, '-' and '_' (numbers name folders and S3 keys).
  static Expected<CaseNumberPattern> parse(std::string_view pattern);

  // The counter a number comes from: the year when the pattern has {year} (numbering restarts each year).
  std::string scope(int year) const;
  Expected<std::string> format(int year, std::string_view terminal_id, std::int64_t sequence) const;
  const std::string& text() const { return text_; }

 private:
  enum class PieceKind { literal, year, terminal, sequence };
  struct Piece {
    PieceKind kind;
    std::string literal;
    int width = 0;
  };

  std::string text_;
  std::vector<Piece> pieces_;
  bool has_year_ = false;
};

}  // namespace kiosk
