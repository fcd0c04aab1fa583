#include "kiosk/core/case_number.h"

#include <cstdio>

namespace kiosk {
namespace {

bool is_literal_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

Error pattern_error(std::string_view pattern, std::string_view problem) {
  return Error("case number pattern \"" + std::string(pattern) + "\": " + std::string(problem) +
               " — use letters, digits, '-', '_' and the tokens {year}, {terminal}, {seq:06}");
}

}  // namespace

Expected<CaseNumberPattern> CaseNumberPattern::parse(std::string_view pattern) {
  CaseNumberPattern result;
  result.text_ = std::string(pattern);
  int sequences = 0;
  std::size_t position = 0;
  while (position < pattern.size()) {
    const char c = pattern[position];
    if (c == '{') {
      const std::size_t end = pattern.find('}', position);
      if (end == std::string_view::npos) return pattern_error(pattern, "a '{' is not closed");
      const std::string_view token = pattern.substr(position + 1, end - position - 1);
      if (token == "year") {
        result.pieces_.push_back({PieceKind::year, {}, 0});
        result.has_year_ = true;
      } else if (token == "terminal") {
        result.pieces_.push_back({PieceKind::terminal, {}, 0});
      } else if (token == "seq") {
        result.pieces_.push_back({PieceKind::sequence, {}, 0});
        ++sequences;
      } else if (token.size() == 7 && token.starts_with("seq:0") && token[5] >= '1' && token[5] <= '9' &&
                 token[6] >= '0' && token[6] <= '9') {
        result.pieces_.push_back({PieceKind::sequence, {}, (token[5] - '0') * 10 + (token[6] - '0')});
        ++sequences;
      } else if (token.size() == 6 && token.starts_with("seq:0") && token[5] >= '1' && token[5] <= '9') {
        result.pieces_.push_back({PieceKind::sequence, {}, token[5] - '0'});
        ++sequences;
      } else {
        return pattern_error(pattern, "unknown token {" + std::string(token) + "}");
      }
      position = end + 1;
      continue;
    }
    if (!is_literal_char(c)) return pattern_error(pattern, "character '" + std::string(1, c) + "' is not allowed");
    if (result.pieces_.empty() || result.pieces_.back().kind != PieceKind::literal) {
      result.pieces_.push_back({PieceKind::literal, {}, 0});
    }
    result.pieces_.back().literal.push_back(c);
    ++position;
  }
  if (sequences != 1) return pattern_error(pattern, "it needs exactly one {seq} token");
  return result;
}

std::string CaseNumberPattern::scope(int year) const {
  return has_year_ ? std::to_string(year) : "all";
}

Expected<std::string> CaseNumberPattern::format(int year, std::string_view terminal_id, std::int64_t sequence) const {
  if (sequence < 1) return Error("case number sequence must start at 1, got " + std::to_string(sequence));
  std::string number;
  for (const Piece& piece : pieces_) {
    switch (piece.kind) {
      case PieceKind::literal: number += piece.literal; break;
      case PieceKind::year: number += std::to_string(year); break;
      case PieceKind::terminal:
        for (char c : terminal_id) {
          if (!is_literal_char(c)) {
            return Error("terminal id \"" + std::string(terminal_id) +
                         "\" cannot go into a case number — use letters, digits, '-' and '_'");
          }
        }
        number += terminal_id;
        break;
      case PieceKind::sequence: {
        char digits[32];
        std::snprintf(digits, sizeof digits, "%0*lld", piece.width, static_cast<long long>(sequence));
        number += digits;
        break;
      }
    }
  }
  return number;
}

}  // namespace kiosk
