// Resident ID card reader (SAM protocol over USB). The driver and the simulator come with the USB devices work.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "devices/device_status.h"
#include "kiosk/core/error.h"

namespace kiosk::devices {

enum class IdCardKind { resident, foreign_permanent_resident, hk_macao_taiwan_resident };

// The fields of the card's text block, decoded from UCS-2LE; the WLT photo is kept raw (only a vendor's closed
// decoder can turn it into a picture).
struct IdCardData {
  IdCardKind kind = IdCardKind::resident;
  std::string name;
  std::string english_name;
  std::string sex;         // as printed: 男 / 女
  std::string nation;      // 民族, or nationality for foreigners
  std::string birth_date;  // YYYYMMDD
  std::string address;
  std::string id_number;
  std::string authority;   // 签发机关
  std::string valid_from;  // YYYYMMDD
  std::string valid_to;    // YYYYMMDD or 长期
  std::vector<std::uint8_t> photo_wlt;
};

class IdCardReader {
 public:
  virtual ~IdCardReader() = default;
  virtual DeviceStatus status() const = 0;
  // Waits up to `timeout` for a card; nullopt when none was put on the reader.
  virtual Expected<std::optional<IdCardData>> read_card(std::chrono::milliseconds timeout) = 0;
};

}  // namespace kiosk::devices
