// `kiosk demo`: a whole scripted intake, headless, on a virtual clock — what the product does, end to end, as far
// as it exists. The script is assets/demo/intake.json.
#pragma once

#include <filesystem>
#include <string>

#include "kiosk/app/config.h"
#include "kiosk/core/error.h"

namespace kiosk::app {

struct DemoOptions {
  std::filesystem::path out_dir;
  int seconds = 10;  // how long the intake lasts on the demo's clock
  std::filesystem::path script;
};

struct DemoResult {
  std::string case_number;
  std::filesystem::path case_file;
  std::filesystem::path database;
  std::string seal_sha256;
  std::size_t media_segments = 0;
  std::int64_t video_frames = 0;
  std::string archived_to;  // where the archive holds the case file now
};

Expected<DemoResult> run_demo(Config config, const DemoOptions& options);

// Where assets/ is: $KIOSK_ASSETS_DIR, else the installed share folder, else the source tree it was built from.
std::filesystem::path assets_dir();

}  // namespace kiosk::app
