#include "kiosk/app/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <tuple>

#include "kiosk/app/detail/toml_text.h"
#include "kiosk/core/case_number.h"

namespace kiosk::app {
namespace {

struct Key {
  std::string_view name;  // dotted: "terminal.id"
  std::function<Expected<void>(const toml::node&, Config&)> apply;
};

template <typename T>
Expected<T> value_of(const toml::node& node, std::string_view type_name) {
  if (auto value = node.value_exact<T>()) return *value;
  return Error("must be " + std::string(type_name));
}

bool is_identifier(std::string_view text) {
  if (text.empty() || text.size() > 32) return false;
  for (char c : text) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Expected<std::string> non_empty_string(const toml::node& node) {
  std::string text = TRY(value_of<std::string>(node, "a string"));
  if (text.empty()) return Error("must not be empty");
  return text;
}

// A whole-number recording setting within [low, high]; `even` for picture sizes (4:2:0 chroma).
template <typename Field>
std::function<Expected<void>(const toml::node&, Config&)> number_key(Field media::RecordingSettings::*field,
                                                                     std::int64_t low, std::int64_t high,
                                                                     const char* allowed, bool even = false) {
  return [=](const toml::node& node, Config& config) -> Expected<void> {
    const auto value = TRY(value_of<std::int64_t>(node, "a whole number"));
    if (value < low || value > high || (even && value % 2 != 0)) return Error(std::string("must be ") + allowed);
    config.recording.*field = static_cast<Field>(value);
    return {};
  };
}

// A whole number of the archive's settings within [low, high].
std::function<Expected<void>(const toml::node&, Config&)> archive_days(int ArchiveConfig::*field, std::int64_t low,
                                                                       std::int64_t high, const char* allowed) {
  return [=](const toml::node& node, Config& config) -> Expected<void> {
    const auto value = TRY(value_of<std::int64_t>(node, "a whole number"));
    if (value < low || value > high) return Error(std::string("must be ") + allowed);
    config.archive.*field = static_cast<int>(value);
    return {};
  };
}

// A string of the archive's settings.
std::function<Expected<void>(const toml::node&, Config&)> archive_text(std::string ArchiveConfig::*field,
                                                                       bool required) {
  return [=](const toml::node& node, Config& config) -> Expected<void> {
    std::string value = TRY(value_of<std::string>(node, "a string"));
    if (required && value.empty()) return Error("must not be empty");
    config.archive.*field = std::move(value);
    return {};
  };
}

// An absolute path of the archive's settings, or "".
std::function<Expected<void>(const toml::node&, Config&)> archive_path(std::filesystem::path ArchiveConfig::*field) {
  return [=](const toml::node& node, Config& config) -> Expected<void> {
    const std::string path = TRY(value_of<std::string>(node, "a string"));
    if (!path.empty() && !std::filesystem::path(path).is_absolute()) return Error("must be an absolute path or \"\"");
    config.archive.*field = path;
    return {};
  };
}

// "0400:c35a" (hexadecimal vendor and product ids, as lsusb shows them).
Expected<std::pair<std::uint16_t, std::uint16_t>> usb_id(const toml::node& node) {
  const std::string text = TRY(value_of<std::string>(node, "a string"));
  const auto hex = [](std::string_view part) -> std::optional<std::uint16_t> {
    if (part.size() != 4) return std::nullopt;
    std::uint16_t value = 0;
    for (char c : part) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0) return std::nullopt;
      value = static_cast<std::uint16_t>(value << 4 | digit);
    }
    return value;
  };
  const auto colon = text.find(':');
  if (colon == std::string::npos) return Error("must be VID:PID in hexadecimal, as lsusb shows it (\"0400:c35a\")");
  const auto vendor = hex(std::string_view(text).substr(0, colon));
  const auto product = hex(std::string_view(text).substr(colon + 1));
  if (!vendor || !product) return Error("must be VID:PID in hexadecimal, as lsusb shows it (\"0400:c35a\")");
  return std::pair{*vendor, *product};
}

// A USB endpoint address: OUT 0x01–0x0F, IN 0x81–0x8F (0 = none, where allowed).
Expected<std::uint8_t> endpoint(const toml::node& node, bool in, bool zero_allowed) {
  const auto value = TRY(value_of<std::int64_t>(node, "a whole number (an endpoint address, e.g. 0x81)"));
  if (zero_allowed && value == 0) return std::uint8_t{0};
  const std::int64_t base = in ? 0x81 : 0x01;
  if (value < base || value > base + 14) {
    return Error(in ? "must be an IN endpoint address, 0x81 to 0x8F" : "must be an OUT endpoint address, 0x01 to 0x0F");
  }
  return static_cast<std::uint8_t>(value);
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      {"terminal.id",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string id = TRY(value_of<std::string>(node, "a string"));
         if (!is_identifier(id)) return Error("must be 1 to 32 letters, digits, '-' or '_' (it names folders)");
         config.terminal_id = id;
         return {};
       }},
      {"terminal.agency",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.agency = TRY(non_empty_string(node));
         return {};
       }},
      {"case.number_pattern",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string pattern = TRY(value_of<std::string>(node, "a string"));
         TRY(CaseNumberPattern::parse(pattern));
         config.case_number_pattern = pattern;
         return {};
       }},
      {"case.file_type",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.file_type = TRY(non_empty_string(node));
         return {};
       }},
      {"storage.data_dir",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string path = TRY(non_empty_string(node));
         if (!std::filesystem::path(path).is_absolute()) return Error("must be an absolute path");
         config.data_dir = path;
         return {};
       }},
      {"storage.reserve_mb",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const auto megabytes = TRY(value_of<std::int64_t>(node, "a whole number"));
         if (megabytes < 64 || megabytes > 1024 * 1024) return Error("must be 64 to 1048576 (MiB)");
         config.reserve_bytes = static_cast<std::uint64_t>(megabytes) << 20;
         return {};
       }},
      {"recording.width", number_key(&media::RecordingSettings::width, 160, 3840, "even, 160 to 3840", true)},
      {"recording.height", number_key(&media::RecordingSettings::height, 120, 2160, "even, 120 to 2160", true)},
      {"recording.fps", number_key(&media::RecordingSettings::fps, 5, 60, "5 to 60")},
      {"recording.segment_seconds",
       number_key(&media::RecordingSettings::segment_seconds, 10, 3600, "10 to 3600 seconds")},
      {"recording.pre_roll_seconds", number_key(&media::RecordingSettings::pre_roll_seconds, 0, 60, "0 to 60 seconds")},
      {"recording.video_encoder",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string encoder = TRY(value_of<std::string>(node, "a string"));
         if (encoder != "libx264" && encoder != "h264_v4l2m2m") return Error("must be libx264 or h264_v4l2m2m");
         config.recording.video_encoder = encoder;
         return {};
       }},
      {"recording.x264_preset",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string preset = TRY(value_of<std::string>(node, "a string"));
         for (const char* known : {"ultrafast", "superfast", "veryfast", "faster", "fast", "medium"}) {
           if (preset == known) {
             config.recording.x264_preset = preset;
             return {};
           }
         }
         return Error("must be one of ultrafast, superfast, veryfast, faster, fast, medium");
       }},
      {"recording.x264_crf",
       number_key(&media::RecordingSettings::x264_crf, 15, 35, "15 (better, bigger) to 35 (worse, smaller)")},
      {"recording.audio_bitrate",
       number_key(&media::RecordingSettings::audio_bitrate, 12000, 128000, "12000 to 128000 bits per second")},
      {"recording.overlay",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.recording.overlay = TRY(value_of<bool>(node, "true or false"));
         return {};
       }},
      {"recording.overlay_font",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string path = TRY(non_empty_string(node));
         if (!std::filesystem::path(path).is_absolute()) return Error("must be an absolute path to a font file");
         config.recording.overlay_font = path;
         return {};
       }},
      {"devices.simulate",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.simulate = TRY(value_of<bool>(node, "true or false"));
         return {};
       }},
      {"devices.camera",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.camera = TRY(value_of<std::string>(node, "a string"));
         return {};
       }},
      {"devices.microphone",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.microphone = TRY(value_of<std::string>(node, "a string"));
         return {};
       }},
      {"devices.idcard.transport",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string transport = TRY(value_of<std::string>(node, "a string"));
         if (transport != "usb" && transport != "serial") return Error("must be usb or serial");
         config.idcard.transport = transport;
         return {};
       }},
      {"devices.idcard.usb_id",
       [](const toml::node& node, Config& config) -> Expected<void> {
         std::tie(config.idcard.vendor, config.idcard.product) = TRY(usb_id(node));
         return {};
       }},
      {"devices.idcard.serial_number",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.idcard.serial_number = TRY(value_of<std::string>(node, "a string"));
         return {};
       }},
      {"devices.idcard.serial_port",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string path = TRY(non_empty_string(node));
         if (!path.starts_with("/dev/")) return Error("must be a device path under /dev (e.g. /dev/ttyUSB0)");
         config.idcard.serial_port = path;
         return {};
       }},
      {"devices.idcard.out_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.idcard.out_endpoint = TRY(endpoint(node, false, false));
         return {};
       }},
      {"devices.idcard.in_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.idcard.in_endpoint = TRY(endpoint(node, true, false));
         return {};
       }},
      {"devices.idcard.header_out_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.idcard.header_out_endpoint = TRY(endpoint(node, false, true));
         return {};
       }},
      {"devices.idcard.header_in_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.idcard.header_in_endpoint = TRY(endpoint(node, true, true));
         return {};
       }},
      {"devices.idcard.wlt_decoder",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string path = TRY(value_of<std::string>(node, "a string"));
         if (!path.empty() && !std::filesystem::path(path).is_absolute())
           return Error("must be an absolute path or \"\"");
         config.idcard.wlt_decoder = path;
         return {};
       }},
      {"devices.printer.usb_id",
       [](const toml::node& node, Config& config) -> Expected<void> {
         std::tie(config.printer.vendor, config.printer.product) = TRY(usb_id(node));
         return {};
       }},
      {"devices.printer.serial_number",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.printer.serial_number = TRY(value_of<std::string>(node, "a string"));
         return {};
       }},
      {"devices.printer.width_dots",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const auto width = TRY(value_of<std::int64_t>(node, "a whole number"));
         if (width != 384 && width != 576) return Error("must be 384 (58 mm paper) or 576 (80 mm paper)");
         config.printer.width_dots = static_cast<std::uint32_t>(width);
         return {};
       }},
      {"devices.printer.out_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.printer.out_endpoint = TRY(endpoint(node, false, false));
         return {};
       }},
      {"devices.printer.in_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.printer.in_endpoint = TRY(endpoint(node, true, false));
         return {};
       }},
      {"devices.sigpad.usb_id",
       [](const toml::node& node, Config& config) -> Expected<void> {
         std::tie(config.sigpad.vendor, config.sigpad.product) = TRY(usb_id(node));
         return {};
       }},
      {"devices.sigpad.serial_number",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.sigpad.serial_number = TRY(value_of<std::string>(node, "a string"));
         return {};
       }},
      {"devices.sigpad.interface",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const auto number = TRY(value_of<std::int64_t>(node, "a whole number"));
         if (number < 0 || number > 31) return Error("must be the HID interface's number, 0 to 31");
         config.sigpad.interface = static_cast<int>(number);
         return {};
       }},
      {"devices.sigpad.in_endpoint",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.sigpad.in_endpoint = TRY(endpoint(node, true, false));
         return {};
       }},
      {"archive.sink",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string sink = TRY(value_of<std::string>(node, "a string"));
         if (sink != "none" && sink != "directory" && sink != "s3") return Error("must be none, directory or s3");
         config.archive.sink = sink;
         return {};
       }},
      {"archive.directory",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string path = TRY(value_of<std::string>(node, "a string"));
         if (!path.empty() && !std::filesystem::path(path).is_absolute()) {
           return Error("must be an absolute path (the archive share's mount point) or \"\"");
         }
         config.archive.directory = path;
         return {};
       }},
      {"archive.s3_endpoint", archive_text(&ArchiveConfig::s3_endpoint, false)},
      {"archive.s3_bucket", archive_text(&ArchiveConfig::s3_bucket, false)},
      {"archive.s3_region", archive_text(&ArchiveConfig::s3_region, false)},
      {"archive.s3_access_key", archive_text(&ArchiveConfig::s3_access_key, false)},
      {"archive.s3_secret_key_file", archive_path(&ArchiveConfig::s3_secret_key_file)},
      {"archive.s3_ca_file", archive_path(&ArchiveConfig::s3_ca_file)},
      {"archive.s3_client_cert", archive_path(&ArchiveConfig::s3_client_cert)},
      {"archive.s3_client_key", archive_path(&ArchiveConfig::s3_client_key)},
      {"archive.lock_mode",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string mode = TRY(value_of<std::string>(node, "a string"));
         if (!mode.empty() && mode != "GOVERNANCE" && mode != "COMPLIANCE") {
           return Error("must be \"\", GOVERNANCE or COMPLIANCE");
         }
         config.archive.lock_mode = mode;
         return {};
       }},
      {"archive.retain_days", archive_days(&ArchiveConfig::retain_days, 0, 36500, "0 to 36500")},
      {"archive.lock_on_multipart",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.archive.lock_on_multipart = TRY(value_of<bool>(node, "true or false"));
         return {};
       }},
      {"archive.deadline_days", archive_days(&ArchiveConfig::deadline_days, 1, 365, "1 to 365")},
      {"archive.warn_days", archive_days(&ArchiveConfig::warn_days, 0, 365, "0 to 365")},
      {"archive.sm3_manifest",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.archive.sm3_manifest = TRY(value_of<bool>(node, "true or false"));
         return {};
       }},
      {"archive.local_retention_days", archive_days(&ArchiveConfig::local_retention_days, 0, 3650, "0 to 3650")},
      {"archive.retry_base_seconds", archive_days(&ArchiveConfig::retry_base_seconds, 1, 3600, "1 to 3600")},
      {"archive.retry_cap_seconds", archive_days(&ArchiveConfig::retry_cap_seconds, 1, 86400, "1 to 86400")},
      {"ui.applicant_view",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string view = TRY(value_of<std::string>(node, "a string"));
         if (view != "panel" && view != "window") return Error("must be \"panel\" or \"window\"");
         config.ui.applicant_view = view;
         return {};
       }},
      {"ui.fullscreen",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.ui.fullscreen = TRY(value_of<bool>(node, "true or false"));
         return {};
       }},
      {"ui.language",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string language = TRY(value_of<std::string>(node, "a string"));
         if (language != "zh_CN" && language != "en") return Error("must be \"zh_CN\" or \"en\"");
         config.ui.language = language;
         return {};
       }},
      {"ui.staff_file",
       [](const toml::node& node, Config& config) -> Expected<void> {
         config.ui.staff_file = TRY(non_empty_string(node));
         return {};
       }},
      {"ui.idle_signout_minutes",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const auto minutes = TRY(value_of<std::int64_t>(node, "a whole number of minutes"));
         if (minutes < 0 || minutes > 1440) return Error("must be 0 (never) to 1440");
         config.ui.idle_signout_minutes = static_cast<int>(minutes);
         return {};
       }},
      {"log.level",
       [](const toml::node& node, Config& config) -> Expected<void> {
         const std::string level = TRY(value_of<std::string>(node, "a string"));
         if (level != "debug" && level != "info" && level != "warning" && level != "error") {
           return Error("must be one of debug, info, warning, error");
         }
         config.log_level = level;
         return {};
       }},
  };
  return table;
}

std::string line_of(const toml::node& node) {
  return node.source().begin.line > 0 ? " (line " + std::to_string(node.source().begin.line) + ")" : "";
}

Expected<void> apply_table(const toml::table& table, const std::string& prefix, std::string_view source_name,
                           Config& config) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const toml::table* inner = node.as_table()) {
      TRY(apply_table(*inner, name, source_name, config));
      continue;
    }
    const Key* known = nullptr;
    for (const Key& candidate : keys()) {
      if (candidate.name == name) known = &candidate;
    }
    if (known == nullptr) {
      return Error("config " + std::string(source_name) + line_of(node) + ": unknown key " + name +
                   " — see packaging/kiosk.toml for the keys and their meaning");
    }
    if (auto applied = known->apply(node, config); !applied) {
      return Error("config " + std::string(source_name) + line_of(node) + ": " + name + " " +
                   applied.error().message());
    }
  }
  return {};
}

}  // namespace

Expected<Config> parse_config(std::string_view text, std::string_view source_name) {
  const toml::table table = TRY(detail::parse_toml(text, "config", source_name, " — fix the TOML syntax there"));
  Config config;
  TRY(apply_table(table, "", source_name, config));
  // Keys that only make sense together.
  if (config.archive.sink == "directory" && config.archive.directory.empty()) {
    return Error(
        "config " + std::string(source_name) +
        ": archive.sink is \"directory\" but archive.directory is empty — give the archive share's mount point");
  }
  if (config.archive.sink == "s3") {
    for (const auto& [value, key] :
         {std::pair{config.archive.s3_endpoint, "s3_endpoint"}, std::pair{config.archive.s3_bucket, "s3_bucket"},
          std::pair{config.archive.s3_access_key, "s3_access_key"},
          std::pair{config.archive.s3_secret_key_file.string(), "s3_secret_key_file"}}) {
      if (value.empty()) {
        return Error("config " + std::string(source_name) + ": archive.sink is \"s3\" but archive." + key +
                     " is empty — give the archive's address, bucket and credentials");
      }
    }
  }
  if (!config.archive.lock_mode.empty() && config.archive.retain_days < 1) {
    return Error("config " + std::string(source_name) + ": archive.lock_mode is " + config.archive.lock_mode +
                 " but archive.retain_days is 0 — say how many days the archive must keep each object");
  }
  if (config.archive.warn_days >= config.archive.deadline_days) {
    return Error("config " + std::string(source_name) + ": archive.warn_days (" +
                 std::to_string(config.archive.warn_days) + ") must be less than archive.deadline_days (" +
                 std::to_string(config.archive.deadline_days) + ")");
  }
  return config;
}

Expected<Config> load_config(const std::filesystem::path& path) {
  const std::string text =
      TRY(detail::read_text(path, "config", "give its path with --config, or install packaging/kiosk.toml there"));
  return parse_config(text, path.string());
}

}  // namespace kiosk::app
