// The device commands: `kiosk idcard decode FILE` (one raw reader response frame, binary or hex text, to the
// card's fields), `kiosk idcard read`, `kiosk printer status`, `kiosk print test`.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <thread>

#include "devices/idcard/card_text.h"
#include "devices/idcard/sam_frame.h"
#include "devices/idcard/wlt_decoder.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/raster.h"
#include "devices/sigpad/hid_descriptor.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/commands.h"
#include "kiosk/app/device_setup.h"
#include "kiosk/app/doctor.h"
#include "kiosk/app/signing.h"
#include "kiosk/app/store_access.h"
#include "kiosk/crypto/crypto.h"
#include "kiosk/documents/signature.h"
#include "kiosk/media/clock.h"
#include "kiosk/store/store.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Hex text ("AA AA AA 96 69 …", any spacing or line breaks) when every byte is a hex digit or white space;
// otherwise the bytes as they are.
Expected<std::vector<std::uint8_t>> frame_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error("cannot read " + file.string() + " — give the file with one reader response frame");
  const std::vector<std::uint8_t> raw{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const bool hex_text = !raw.empty() && std::all_of(raw.begin(), raw.end(), [](std::uint8_t byte) {
    return std::isxdigit(byte) != 0 || std::isspace(byte) != 0;
  });
  if (!hex_text) return raw;
  std::vector<std::uint8_t> bytes;
  int high = -1;
  for (std::uint8_t c : raw) {
    if (std::isspace(c) != 0) continue;
    const int digit = std::isdigit(c) != 0 ? c - '0' : std::tolower(c) - 'a' + 10;
    if (high < 0) {
      high = digit;
    } else {
      bytes.push_back(static_cast<std::uint8_t>(high << 4 | digit));
      high = -1;
    }
  }
  if (high >= 0) return Error(file.string() + ": an odd number of hex digits — a byte is cut in half");
  return bytes;
}

ordered_json card_json(const devices::IdCardData& card) {
  ordered_json json{{"kind", devices::kind_name(card.kind)}, {"name", card.name}};
  if (!card.english_name.empty()) json["english_name"] = card.english_name;
  json["sex"] = card.sex;
  if (card.kind == devices::IdCardKind::resident) json["nation"] = card.nation;
  if (card.kind == devices::IdCardKind::foreign_permanent_resident) json["nationality"] = card.nation;
  json["birth_date"] = card.birth_date;
  if (card.kind != devices::IdCardKind::foreign_permanent_resident) json["address"] = card.address;
  json["id_number"] = card.id_number;
  json["authority"] = card.authority;
  json["valid_from"] = card.valid_from;
  json["valid_to"] = card.valid_to;
  if (card.kind == devices::IdCardKind::hk_macao_taiwan_resident) {
    json["pass_number"] = card.pass_number;
    json["issue_count"] = card.issue_count;
  }
  if (!card.card_version.empty()) json["card_version"] = card.card_version;
  json["photo"] = {{"format", "WLT"}, {"bytes", card.photo_wlt.size()}};
  return json;
}

// The photo as a picture: decoded by the configured vendor library, or the placeholder. Saved when asked.
Expected<std::string> photo(const Config& config, const devices::IdCardData& card, const fs::path& save_to) {
  std::vector<std::uint8_t> bmp;
  std::string how;
  if (config.idcard.wlt_decoder.empty()) {
    bmp = devices::placeholder_photo_bmp();
    how = "no decoder configured (devices.idcard.wlt_decoder): placeholder picture";
  } else {
    const auto decoder = TRY(devices::WltDecoder::load(config.idcard.wlt_decoder));
    bmp = TRY(decoder->decode(card.photo_wlt));
    how = "decoded with " + config.idcard.wlt_decoder;
  }
  if (!save_to.empty()) {
    std::ofstream out(save_to, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bmp.data()), static_cast<std::streamsize>(bmp.size()));
    if (!out) return Error("cannot write the photo to " + save_to.string());
    how += ", saved to " + save_to.string();
  }
  return how;
}

void print_card(const GlobalOptions& options, const devices::IdCardData& card, const std::string& picture) {
  ordered_json json = card_json(card);
  json["photo"]["picture"] = picture;
  if (options.json) {
    std::cout << ordered_json{{"ok", true}, {"card", json}}.dump() << "\n";
    return;
  }
  for (const auto& [key, value] : json.items()) {
    if (value.is_string()) std::cout << key << ": " << value.get<std::string>() << "\n";
  }
  std::cout << "photo: WLT, " << card.photo_wlt.size() << " bytes kept raw; " << picture << "\n";
}

}  // namespace

int run_idcard_decode(const GlobalOptions& options, const fs::path& file, const fs::path& photo_file) {
  const auto fail_with = [&](const Error& error) { return fail(options, error.within("idcard decode")); };
  auto bytes = frame_bytes(file);
  if (!bytes) return fail_with(bytes.error());
  auto frame = devices::sam::parse_response(*bytes);
  if (!frame) return fail_with(frame.error());
  if (frame->code() != static_cast<std::uint8_t>(devices::sam::Status::ok)) {
    return fail_with(Error("the reader answered: " + devices::sam::describe(frame->code())));
  }
  auto card = devices::decode_base_information(frame->data);
  if (!card) return fail_with(card.error());
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto picture = photo(*config, *card, photo_file);
  if (!picture) return fail_with(picture.error());
  print_card(options, *card, *picture);
  return 0;
}

int run_idcard_read(const GlobalOptions& options, int wait_seconds, const fs::path& photo_file) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto reader = make_id_card_reader(*config);
  if (!reader) return fail(options, reader.error().within("idcard read"));
  if (!options.json) std::cerr << "put the ID card on the reader…\n";
  // Poll as the kiosk does: every 400 ms, until a card is read or the time is up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (true) {
    auto event = (*reader)->poll();
    if (!event) return fail(options, event.error().within("idcard read"));
    if (event->kind == devices::CardEvent::Kind::inserted && event->card) {
      auto picture = photo(*config, *event->card, photo_file);
      if (!picture) return fail(options, picture.error().within("idcard read"));
      print_card(options, *event->card, *picture);
      return 0;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return fail(options,
                  Error("idcard read: no card was put on the reader within " + std::to_string(wait_seconds) + " s"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
}

int run_printer_status(const GlobalOptions& options) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto printer = make_printer(*config);
  if (!printer) return fail(options, printer.error().within("printer status"));
  auto status = (*printer)->query_status();
  if (!status) return fail(options, status.error().within("printer status"));
  if (options.json) {
    std::cout << ordered_json{{"ok", status->can_print()},
                              {"status", status->describe()},
                              {"online", status->online},
                              {"paper_near_end", status->paper_near_end},
                              {"paper_out", status->paper_out},
                              {"cover_open", status->cover_open},
                              {"cutter_error", status->cutter_error},
                              {"width_dots", (*printer)->width_dots()}}
                     .dump()
              << "\n";
  } else {
    std::cout << "printer: " << status->describe() << " (" << (*printer)->width_dots() << " dots wide)\n";
  }
  return status->can_print() ? 0 : 1;
}

int run_print_test(const GlobalOptions& options) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  auto printer = make_printer(*config);
  if (!printer) return fail(options, printer.error().within("print test"));
  media::SystemClock clock;
  const Instant now = clock.now();
  const std::string when = format_rfc3339(now).substr(0, 16);
  auto page = devices::render_test_page(
      config->printer.width_dots,
      devices::TestPageInfo{config->terminal_id, config->simulate ? "(simulated)" : "USB", when});
  if (!page) return fail(options, page.error().within("print test"));
  if (auto printed = (*printer)->print(*page); !printed) return fail(options, printed.error().within("print test"));
  // Every print is an audit event, where the terminal has its database.
  if (fs::exists(config->database_path())) {
    auto store = open_store(*config);
    if (store) {
      AuditEvent event{"", "printer.test_page", "system", now, {{"dots", std::to_string(page->height_dots)}}};
      if (auto appended = store->audit().append(event); !appended) return fail(options, appended.error());
    }
  }
  if (options.json) {
    std::cout << ordered_json{{"ok", true}, {"rows", page->height_dots}, {"width_dots", page->width_dots}}.dump()
              << "\n";
  } else {
    std::cout << "test page printed: " << page->height_dots << " dot rows, " << page->width_dots << " dots wide\n";
  }
  return 0;
}

}  // namespace kiosk::app

namespace kiosk::app {

int run_sigpad_sign(const GlobalOptions& options, int wait_seconds, const fs::path& png_file,
                    const fs::path& json_file) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error());
  std::shared_ptr<devices::SignaturePadSimulator> simulator;
  auto pad = make_signature_pad(*config, &simulator);
  if (!pad) return fail(options, pad.error().within("sigpad sign"));
  if (!options.json) std::cerr << "sign on the pad, then lift the pen away…\n";
  // A test signature, bound to nothing: its "document" is the empty string's hash.
  const DocumentRef test{"sigpad_test", "", crypto::sha256_hex("")};
  media::SystemClock clock;
  auto signature = capture_signature(**pad, test, clock.now(), std::chrono::seconds(wait_seconds), [&] {
    if (simulator) simulator->sign(devices::scripted_signature((*pad)->geometry(), 3), clock.monotonic_ns());
  });
  if (!signature) return fail(options, signature.error().within("sigpad sign"));
  if (!png_file.empty()) {
    auto png = documents::signature_png(*signature, documents::kSignatureWidth, documents::kSignatureHeight);
    if (!png) return fail(options, png.error().within("sigpad sign"));
    std::ofstream(png_file, std::ios::binary) << *png;
  }
  if (!json_file.empty()) std::ofstream(json_file, std::ios::binary) << documents::signature_json(*signature);
  std::size_t points = 0;
  for (const auto& stroke : signature->strokes) points += stroke.size();
  if (options.json) {
    std::cout << ordered_json{{"ok", true},
                              {"model", signature->device},
                              {"max_x", signature->geometry.max_x},
                              {"max_y", signature->geometry.max_y},
                              {"max_pressure", signature->geometry.max_pressure},
                              {"strokes", signature->strokes.size()},
                              {"points", points},
                              {"dropped_reports", signature->dropped_reports}}
                     .dump()
              << "\n";
  } else {
    std::cout << "signature pad: " << signature->device << ", " << signature->strokes.size() << " strokes, " << points
              << " points, " << signature->dropped_reports << " reports dropped\n";
  }
  return 0;
}

int run_sigpad_descriptor(const GlobalOptions& options, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return fail(options, Error("sigpad descriptor: cannot read " + file.string()));
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
  auto layout = devices::hid::parse_pen_layout(bytes);
  if (!layout) return fail(options, layout.error().within("sigpad descriptor"));
  const auto field_json = [](const devices::hid::Field& field) {
    return ordered_json{{"bit_offset", field.bit_offset},
                        {"bits", field.bit_size},
                        {"logical_min", field.logical_min},
                        {"logical_max", field.logical_max},
                        {"units_per_mm", field.units_per_mm() ? ordered_json(*field.units_per_mm()) : ordered_json()}};
  };
  ordered_json reports = ordered_json::array();
  for (const devices::hid::PenReport& report : layout->reports) {
    ordered_json entry{{"report_id", report.report_id},
                       {"bytes", report.bytes},
                       {"x", field_json(report.x)},
                       {"y", field_json(report.y)}};
    if (report.pressure) entry["pressure"] = field_json(*report.pressure);
    if (report.tip) entry["tip"] = field_json(*report.tip);
    if (report.in_range) entry["in_range"] = field_json(*report.in_range);
    reports.push_back(entry);
  }
  if (options.json) {
    std::cout << ordered_json{{"ok", true}, {"reports", reports}}.dump() << "\n";
  } else {
    for (const auto& report : reports) {
      std::cout << "pen report " << report["report_id"] << ": " << report["bytes"] << " bytes, X "
                << report["x"]["bits"] << " bits (0.." << report["x"]["logical_max"] << "), Y " << report["y"]["bits"]
                << " bits (0.." << report["y"]["logical_max"] << ")"
                << (report.contains("pressure") ? ", pressure" : "") << (report.contains("tip") ? ", tip switch" : "")
                << (report.contains("in_range") ? ", in range" : "") << "\n";
    }
  }
  return 0;
}

}  // namespace kiosk::app

namespace kiosk::app {

int run_doctor_command(const GlobalOptions& options, const std::vector<std::string>& only) {
  auto config = resolve_config(options);
  if (!config) return fail(options, config.error().within("doctor: the configuration"));
  DoctorOptions doctor;
  doctor.only = only;
  doctor.config_source = options.config_path              ? options.config_path->string()
                         : fs::exists(kDefaultConfigPath) ? std::string(kDefaultConfigPath)
                                                          : "no configuration file: the defaults";
  const std::vector<DoctorLine> lines = run_doctor(*config, doctor);
  const bool failed = any_failed(lines);
  if (options.json) {
    ordered_json checks = ordered_json::array();
    for (const DoctorLine& line : lines) {
      checks.push_back({{"check", line.check},
                        {"result", verdict_name(line.verdict)},
                        {"detail", line.detail},
                        {"remedy", line.remedy}});
    }
    std::cout << ordered_json{{"ok", !failed}, {"checks", checks}}.dump(2) << "\n";
    return failed ? 1 : 0;
  }
  for (const DoctorLine& line : lines) {
    std::printf("%-15s %-5s %s\n", line.check.c_str(), verdict_name(line.verdict), line.detail.c_str());
    if (line.verdict != Verdict::ok && !line.remedy.empty()) std::printf("%21s→ %s\n", "", line.remedy.c_str());
  }
  const auto count = [&](Verdict verdict) {
    return std::count_if(lines.begin(), lines.end(), [&](const DoctorLine& line) { return line.verdict == verdict; });
  };
  std::printf("\n%s: %ld ok, %ld to watch, %ld failed\n", failed ? "NOT READY" : "ready", count(Verdict::ok),
              count(Verdict::warn), count(Verdict::fail));
  return failed ? 1 : 0;
}

}  // namespace kiosk::app
