// 收取材料清单 — one line of the itemized material receipt.
#pragma once

#include <array>
#include <string>
#include <utility>

#include "kiosk/core/enum_names.h"
#include "kiosk/core/error.h"

namespace kiosk {

enum class MaterialForm { original, copy };  // 原件 / 复印件

struct Material {
  std::string name;
  int copies = 1;  // 份数
  int pages = 1;   // 页数 (each copy)
  MaterialForm form = MaterialForm::original;
  std::string note;

  friend bool operator==(const Material&, const Material&) = default;
};

inline constexpr int kMaxCopies = 999;
inline constexpr int kMaxPages = 9999;

Expected<void> validate(const Material& material);

template <>
struct EnumNames<MaterialForm> {
  static constexpr std::array entries{std::pair{MaterialForm::original, std::string_view{"original"}},
                                      std::pair{MaterialForm::copy, std::string_view{"copy"}}};
};

}  // namespace kiosk
