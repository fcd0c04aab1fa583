// The counter's worker-thread state, shared by counter.cpp and counter_commands.cpp only.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "kiosk/app/counter.h"
#include "kiosk/app/intake_controller.h"
#include "kiosk/app/sign_in_guard.h"
#include "kiosk/documents/templates.h"
#include "kiosk/store/store.h"

namespace kiosk::app {

inline constexpr auto kCardWait = std::chrono::seconds(30);
inline constexpr auto kSignatureWait = std::chrono::minutes(3);

struct Counter::State {
  std::optional<store::Store> store;
  std::optional<IntakeController> controller;
  CounterDevices devices;
  documents::Templates templates;
  std::optional<StaffRoster> roster;
  std::string roster_error;
  SignInGuard sign_in_guard;  // the lockout after repeated wrong PINs
  std::unique_ptr<ArchiveUploader> uploader;
  std::optional<StaffAccount> account;
  std::size_t next_card = 0;
  std::chrono::steady_clock::time_point archive_refreshed{};
  std::chrono::steady_clock::time_point devices_probed{};
  std::chrono::steady_clock::time_point reader_polled{};
};

}  // namespace kiosk::app
