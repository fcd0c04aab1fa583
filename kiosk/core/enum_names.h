// Stable names for enums: what the store, case.json and the audit log write. Renaming one breaks old records.
#pragma once

#include <optional>
#include <string_view>

namespace kiosk {

// Specialize with `static constexpr std::array<std::pair<E, std::string_view>, N> entries`.
template <typename E>
struct EnumNames;

template <typename E>
constexpr std::string_view name_of(E value) {
  for (const auto& [entry, name] : EnumNames<E>::entries) {
    if (entry == value) return name;
  }
  return "?";
}

template <typename E>
constexpr std::optional<E> enum_from_name(std::string_view name) {
  for (const auto& [entry, entry_name] : EnumNames<E>::entries) {
    if (entry_name == name) return entry;
  }
  return std::nullopt;
}

}  // namespace kiosk
