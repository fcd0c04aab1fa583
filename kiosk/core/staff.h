// The intake staff member, whose identity the record must hold.
#pragma once

#include <string>

#include "kiosk/core/error.h"

namespace kiosk {

struct Staff {
  std::string id;
  std::string name;
  std::string certificate_number;  // 执法证号 — enforcement certificate number

  friend bool operator==(const Staff&, const Staff&) = default;
};

Expected<void> validate(const Staff& staff);

}  // namespace kiosk
