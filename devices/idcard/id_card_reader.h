// Resident ID card reader: find a card, select it, read it (the SAM protocol, devices/idcard/sam_frame.h). The
// driver polls; it reports each card once, and when it is taken away.
#pragma once

#include <chrono>
#include <optional>

#include "devices/device_status.h"
#include "devices/idcard/card_text.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

struct CardEvent {
  enum class Kind { none, inserted, removed };
  Kind kind = Kind::none;
  std::optional<IdCardData> card;  // with `inserted`
};

class IdCardReader {
 public:
  virtual ~IdCardReader() = default;
  virtual DeviceStatus status() const = 0;
  // One poll (the caller repeats it every 300–500 ms): a card newly on the reader is read once; a card taken
  // away is reported once.
  virtual Expected<CardEvent> poll() = 0;
};

}  // namespace kiosk::devices
