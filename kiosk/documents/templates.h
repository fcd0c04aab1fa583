// The documents' texts from assets/templates/documents.toml, which a technician edits without rebuilding.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"

namespace kiosk::documents {

struct Templates {
  std::string phone;
  std::string address;
  struct {
    std::string title;
    std::string subtitle;
    std::string footer;
  } receipt;
  struct {
    std::string title;
    std::string body;
  } acceptance;
  struct {
    std::string title;
    std::string rights;  // review and litigation, with their time limits
  } non_acceptance;
  struct {
    std::string title;
    std::string body;
  } supplement;
  struct {
    std::string title;
    std::string place;
  } proof;
};

// A missing, empty or non-text field is an error that names it ("documents.toml: receipt.footer is missing").
Expected<Templates> parse_templates(std::string_view text, std::string_view source_name);
Expected<Templates> load_templates(const std::filesystem::path& file);

}  // namespace kiosk::documents
