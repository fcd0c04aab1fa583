// The kiosk's configuration: one TOML file. Every key has a default (packaging/kiosk.toml documents each one);
// an unknown key or a wrong value is reported with its name and line.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"
#include "kiosk/media/recording_settings.h"

namespace kiosk::app {

struct Config {
  // [terminal]
  std::string terminal_id = "T01";
  std::string agency = "示例市市场监督管理局";
  // [case]
  std::string case_number_pattern = "GXJ-{year}-{terminal}-{seq:06}";
  std::string file_type = "行政执法窗口收件案卷";
  // [storage]
  std::filesystem::path data_dir = "/var/lib/counter-kiosk";
  // [recording]
  media::RecordingSettings recording;
  // [devices]
  bool simulate = false;
  std::string camera;      // part of the libcamera camera id; "" = the first camera
  std::string microphone;  // part of the PortAudio input device name; "" = the default input
  // [log]
  std::string log_level = "info";

  std::filesystem::path database_path() const { return data_dir / "kiosk.db"; }
  std::filesystem::path cases_root() const { return data_dir / "cases"; }
  std::filesystem::path recordings_root() const { return data_dir / "recordings"; }
};

inline constexpr std::string_view kDefaultConfigPath = "/etc/counter-kiosk/kiosk.toml";

// `source_name` is what errors call the text (usually its path).
Expected<Config> parse_config(std::string_view text, std::string_view source_name);
Expected<Config> load_config(const std::filesystem::path& path);

}  // namespace kiosk::app
