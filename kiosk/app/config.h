// The kiosk's configuration: one TOML file. Every key has a default (packaging/kiosk.toml documents each one);
// an unknown key or a wrong value is reported with its name and line.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "kiosk/core/error.h"
#include "kiosk/media/recording_settings.h"

namespace kiosk::app {

// The ID card reader: USB bulk (VID:PID, endpoints) or a USB-serial port.
struct IdCardReaderConfig {
  std::string transport = "usb";  // "usb" or "serial"
  std::uint16_t vendor = 0x0400;
  std::uint16_t product = 0xC35A;
  std::string serial_number;  // "" = any
  std::string serial_port = "/dev/ttyUSB0";
  std::uint8_t out_endpoint = 0x01;
  std::uint8_t in_endpoint = 0x81;
  std::uint8_t header_out_endpoint = 0;  // 0 = the same as out_endpoint
  std::uint8_t header_in_endpoint = 0;
  std::string wlt_decoder;  // the vendor's photo decoder library; "" = none (a placeholder picture is shown)
};

// The receipt printer: USB printer class.
struct PrinterConfig {
  std::uint16_t vendor = 0x0416;
  std::uint16_t product = 0x5011;
  std::string serial_number;
  std::uint32_t width_dots = 384;  // 384 (58 mm) or 576 (80 mm) at 203 dpi
  std::uint8_t out_endpoint = 0x01;
  std::uint8_t in_endpoint = 0x82;
};

// The signature pad: a USB HID digitizer (a Wacom STU by its product id, any other by its report descriptor).
struct SignaturePadConfig {
  std::uint16_t vendor = 0x056A;  // Wacom STU-430
  std::uint16_t product = 0x00A4;
  std::string serial_number;
  int interface = 0;
  std::uint8_t in_endpoint = 0x81;
};

// The central archive the sealed case files go to.
struct ArchiveConfig {
  std::string sink = "none";        // "none" (kept on the terminal), "directory" (a mounted archive share), "s3"
  std::filesystem::path directory;  // for "directory": the share's mount point
  // For "s3": the store's address, bucket and region; the access key, and the secret key in a file only the
  // service can read; TLS; Object Lock.
  std::string s3_endpoint;
  std::string s3_bucket;
  std::string s3_region = "us-east-1";
  std::string s3_access_key;
  std::filesystem::path s3_secret_key_file;
  std::filesystem::path s3_ca_file;
  std::filesystem::path s3_client_cert;
  std::filesystem::path s3_client_key;
  std::string lock_mode;  // "", "GOVERNANCE" or "COMPLIANCE"
  int retain_days = 0;
  bool lock_on_multipart = true;
  int deadline_days = 30;      // the law: archived within 30 days of the intake's end
  int warn_days = 25;          // a warning from this many days on
  int retry_base_seconds = 2;  // the first retry's wait; doubling (with full jitter) up to the cap
  int retry_cap_seconds = 600;
  // The terminal's own copy (case file and recording) is released this many days after the archive verified it —
  // never before it did.
  int local_retention_days = 30;
  // National cryptography: every case file also gets an SM3 manifest (GB/T 32905) beside the SHA-256 one.
  bool sm3_manifest = false;
};

// The touch UI.
struct UiConfig {
  std::string applicant_view = "panel";  // "panel" (a panel of the one display) or "window" (a second display)
  bool fullscreen = true;
  std::string language = "zh_CN";    // "zh_CN" or "en"; switchable while running
  std::filesystem::path staff_file;  // the staff roster; "" = <data>/staff.toml
  int idle_signout_minutes = 10;     // signed out after this long without a touch (never during an intake); 0 = never
};

struct Config {
  // [terminal]
  std::string terminal_id = "T01";
  std::string agency = "示例市市场监督管理局";
  // [case]
  std::string case_number_pattern = "GXJ-{year}-{terminal}-{seq:06}";
  std::string file_type = "行政执法窗口收件案卷";
  // [storage]
  std::filesystem::path data_dir = "/var/lib/counter-kiosk";
  // Below this much free space in data_dir a new intake is refused: one intake's recording must still fit.
  std::uint64_t reserve_bytes = 512ULL << 20;
  // [recording]
  media::RecordingSettings recording;
  // [devices]
  bool simulate = false;
  std::string camera;      // part of the libcamera camera id; "" = the first camera
  std::string microphone;  // part of the PortAudio input device name; "" = the default input
  IdCardReaderConfig idcard;
  PrinterConfig printer;
  SignaturePadConfig sigpad;
  // [archive]
  ArchiveConfig archive;
  // [ui]
  UiConfig ui;
  // [log]
  std::string log_level = "info";

  std::filesystem::path database_path() const { return data_dir / "kiosk.db"; }
  std::filesystem::path cases_root() const { return data_dir / "cases"; }
  std::filesystem::path recordings_root() const { return data_dir / "recordings"; }
  // The documents and signatures of cases not yet sealed, a folder per case: <case-no>/documents, /signatures.
  std::filesystem::path case_files_root() const { return data_dir / "intake"; }
  // The terminal's Ed25519 key (made at first start, 0600) and its public key beside it (terminal.key.pub).
  std::filesystem::path terminal_key_path() const { return data_dir / "keys" / "terminal.key"; }
  // The personal-data key (AES-256-GCM and the look-up HMAC, 0600), made at first start beside the terminal key.
  std::filesystem::path personal_key_path() const { return data_dir / "keys" / "personal.key"; }
  std::filesystem::path staff_file() const { return ui.staff_file.empty() ? data_dir / "staff.toml" : ui.staff_file; }
};

inline constexpr std::string_view kDefaultConfigPath = "/etc/counter-kiosk/kiosk.toml";

// `source_name` is what errors call the text (usually its path).
Expected<Config> parse_config(std::string_view text, std::string_view source_name);
Expected<Config> load_config(const std::filesystem::path& path);

}  // namespace kiosk::app
