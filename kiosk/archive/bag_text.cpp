#include "kiosk/archive/detail/bag_text.h"

namespace kiosk::archive::detail {
namespace {

bool is_hex_digest(std::string_view text) {
  if (text.size() != 64) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

std::string decode_path(std::string_view encoded) {
  std::string path;
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size()) {
      const std::string_view code = encoded.substr(i + 1, 2);
      if (code == "0A" || code == "0a") {
        path += '\n';
        i += 2;
        continue;
      }
      if (code == "0D" || code == "0d") {
        path += '\r';
        i += 2;
        continue;
      }
      if (code == "25") {
        path += '%';
        i += 2;
        continue;
      }
    }
    path += encoded[i];
  }
  return path;
}

bool is_safe_relative(std::string_view path) {
  if (path.empty() || path.front() == '/') return false;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

}  // namespace

Expected<std::vector<ManifestLine>> parse_manifest(std::string_view text, std::string_view name) {
  std::vector<ManifestLine> lines;
  std::size_t line_number = 0;
  while (!text.empty()) {
    ++line_number;
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const std::size_t gap = line.find_first_of(" \t");
    const std::size_t path_start = gap == std::string_view::npos ? gap : line.find_first_not_of(" \t", gap);
    const std::string where = std::string(name) + " line " + std::to_string(line_number);
    if (gap == std::string_view::npos || path_start == std::string_view::npos) {
      return Error(where + ": expected \"<sha256>  <path>\"");
    }
    const std::string_view digest = line.substr(0, gap);
    if (!is_hex_digest(digest))
      return Error(where + ": \"" + std::string(digest.substr(0, 80)) + "\" is not a SHA-256");
    std::string path = decode_path(line.substr(path_start));
    if (!is_safe_relative(path)) return Error(where + ": path \"" + path + "\" leaves the bag");
    std::string lower(digest);
    for (char& c : lower) c = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    lines.push_back({std::move(lower), std::move(path)});
  }
  return lines;
}

std::map<std::string, std::string> parse_bag_info(std::string_view text) {
  std::map<std::string, std::string> info;
  std::string last_label;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !last_label.empty()) {
      const std::size_t content = line.find_first_not_of(" \t");
      if (content != std::string_view::npos) info[last_label] += " " + std::string(line.substr(content));
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last_label = std::string(line.substr(0, colon));
    const std::size_t value_start = line.find_first_not_of(" \t", colon + 1);
    info[last_label] = value_start == std::string_view::npos ? "" : std::string(line.substr(value_start));
  }
  return info;
}

}  // namespace kiosk::archive::detail
