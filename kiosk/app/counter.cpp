#include "kiosk/app/counter.h"

#include <algorithm>
#include <filesystem>

#include "devices/audio/portaudio_microphone.h"
#include "devices/audio/simulated_microphone.h"
#include "devices/camera/libcamera_camera.h"
#include "devices/camera/simulated_camera.h"
#include "devices/idcard/sam_simulator.h"
#include "devices/printer/escpos_printer.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/demo.h"
#include "kiosk/app/detail/counter_state.h"
#include "kiosk/app/device_setup.h"
#include "kiosk/app/identity.h"
#include "kiosk/app/intake_controller.h"
#include "kiosk/app/log.h"
#include "kiosk/app/printing.h"
#include "kiosk/app/signing.h"
#include "kiosk/app/store_access.h"
#include "kiosk/documents/templates.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

devices::DeviceStatus absent(const std::string& why) {
  return devices::DeviceStatus{devices::DeviceState::absent, why};
}

devices::DeviceStatus source_status(const media::SourceHealth& health) {
  if (health.live) return devices::DeviceStatus{devices::DeviceState::ready, ""};
  return devices::DeviceStatus{devices::DeviceState::fault, health.detail.empty() ? "no data" : health.detail};
}

// What the UI shows while a command runs.
const char* busy_key(const Command& command) {
  if (std::holds_alternative<command::ReadCard>(command)) return "busy.card";
  if (std::holds_alternative<command::IssueDocuments>(command)) return "busy.printing";
  if (std::holds_alternative<command::Reprint>(command)) return "busy.printing";
  if (std::holds_alternative<command::PrintTestPage>(command)) return "busy.printing";
  if (std::holds_alternative<command::CheckTerminal>(command)) return "busy.checking";
  if (std::holds_alternative<command::StartSignature>(command)) return "busy.signing";
  if (std::holds_alternative<command::Close>(command)) return "busy.sealing";
  if (std::holds_alternative<command::Abandon>(command)) return "busy.sealing";
  if (std::holds_alternative<command::SignIn>(command)) return "busy.signin";
  return "busy.working";
}

}  // namespace

CounterDevices open_counter_devices(const Config& config, const media::Clock& clock) {
  CounterDevices devices;
  if (auto reader = make_id_card_reader(config, &devices.reader_simulator)) devices.reader = std::move(*reader);
  if (auto printer = make_printer(config)) devices.printer = std::move(*printer);
  if (auto pad = make_signature_pad(config, &devices.pad_simulator)) {
    devices.pad = std::move(*pad);
    (void)devices.pad->probe();  // its state shows on the status bar from the start
  }
  if (config.simulate) {
    if (auto cards = devices::load_card_fixtures(assets_dir() / "cards" / "cards.json")) {
      devices.fixture_cards = std::move(*cards);
    }
  }
  if (auto recording =
          CaseRecording::start(make_recording_devices(config), config.recording, clock, config.terminal_id)) {
    devices.recording = std::move(*recording);
  } else {
    devices.recording_error = recording.error().message();
  }
  return devices;
}

Expected<std::unique_ptr<Counter>> Counter::open(const Config& config, CounterDevices devices,
                                                 const media::Clock& clock) {
  std::unique_ptr<Counter> counter(new Counter(config, clock));
  auto state = std::make_unique<State>();
  fs::create_directories(counter->config_.data_dir);
  state->store.emplace(TRY(open_store(counter->config_)));
  state->controller.emplace(TRY(IntakeController::create(*state->store, clock, counter->config_)));
  // An intake a crash or power cut left open is never lost: it is sealed as abandoned, with the reason.
  TRY(state->controller->recover_unsealed());
  state->templates = TRY(documents::load_templates(assets_dir() / "templates" / "documents.toml"));
  counter->catalog_ = TRY(load_catalog(assets_dir() / "catalog" / "materials.toml"));
  if (auto loaded = StaffRoster::load(staff_roster_path(counter->config_))) {
    state->roster = std::move(*loaded);
    for (StaffAccount account : state->roster->accounts()) {
      account.pin_hash.clear();
      counter->draft_.roster.push_back(std::move(account));
    }
  } else {
    state->roster_error = loaded.error().message();
    counter->draft_.roster_error = state->roster_error;
  }
  TRY(counter->restore_sign_in_locks(*state));
  if (counter->config_.archive.sink != "none") {
    if (auto uploader = ArchiveUploader::start(counter->config_, clock, std::chrono::seconds(30))) {
      state->uploader = std::move(*uploader);
    }
  }
  state->devices = std::move(devices);
  if (state->devices.recording) state->controller->set_recording(std::move(state->devices.recording));
  counter->state_ = std::move(state);
  counter->refresh(true);
  counter->publish();
  counter->worker_ = std::thread([raw = counter.get()] { raw->run(); });
  return counter;
}

Counter::Counter(const Config& config, const media::Clock& clock) : config_(config), clock_(clock) {}

Counter::~Counter() {
  (void)shutdown("the kiosk was stopped during the intake");
}

void Counter::submit(Command command) {
  // The signature's buttons act on the signature running, not after it.
  if (std::holds_alternative<command::RedoSignature>(command)) {
    signature_action_ = static_cast<int>(SignatureAction::redo);
    return;
  }
  if (std::holds_alternative<command::ConfirmSignature>(command)) {
    signature_action_ = static_cast<int>(SignatureAction::finish);
    return;
  }
  if (std::holds_alternative<command::CancelSignature>(command)) {
    signature_action_ = static_cast<int>(SignatureAction::cancel);
    return;
  }
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  queue_.push_back(std::move(command));
  ++submitted_;
  changed_.notify_all();
}

std::shared_ptr<const CounterSnapshot> Counter::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::shared_ptr<const media::PreviewFrame> Counter::preview() const {
  const CaseRecording* recording = state_ && state_->controller ? state_->controller->recording() : nullptr;
  return recording ? recording->preview() : nullptr;
}

std::shared_ptr<const media::PreviewFrame> Counter::playback_frame() const {
  std::lock_guard lock(mutex_);
  return player_ ? player_->frame() : nullptr;
}

bool Counter::wait_idle(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] { return snapshot_->commands_done >= submitted_ || stopping_; });
}

void Counter::run() {
  for (;;) {
    std::optional<Command> next;
    {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::milliseconds(250), [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      if (!queue_.empty()) {
        next = std::move(queue_.front());
        queue_.pop_front();
      }
    }
    if (next) {
      draft_.busy = busy_key(*next);
      draft_.error.clear();
      publish();
      if (auto done = execute(*next); !done) {
        draft_.error = done.error().message();
        log::warning(draft_.error);
      }
      draft_.busy.clear();
      ++draft_.commands_done;
    }
    if (auto registered = state_->controller->register_media(); !registered && draft_.error.empty()) {
      draft_.error = registered.error().message();
    }
    refresh(std::chrono::steady_clock::now() - state_->archive_refreshed > std::chrono::seconds(2));
    publish();
  }
}

void Counter::update(const std::function<void(CounterSnapshot&)>& change) {
  change(draft_);
  publish();
}

void Counter::publish() {
  auto next = std::make_shared<const CounterSnapshot>(draft_);
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(next);
  changed_.notify_all();
}

void Counter::refresh(bool archive) {
  State& state = *state_;
  TerminalStatus status;
  const CaseRecording* recording = state.controller->recording();
  if (recording != nullptr) {
    const media::RecorderHealth health = recording->health();
    status.devices.push_back({"status.camera", source_status(health.camera)});
    status.devices.push_back({"status.microphone", source_status(health.microphone)});
    status.recording = recording->writing();
    status.microphone_peak_dbfs = health.microphone_peak_dbfs;
  } else {
    status.devices.push_back({"status.camera", absent(state.devices.recording_error)});
    status.devices.push_back({"status.microphone", absent(state.devices.recording_error)});
  }
  // Every few seconds the printer is asked for its status (paper, cover), and a pad that was absent is looked
  // for again: a device plugged in or refilled turns green by itself.
  // The reader is polled as a reader wants (its status, and a card put on it): often while an intake waits for
  // its party — a card laid on the reader fills the party panel without a tap — and now and then otherwise.
  const bool awaiting_card = draft_.intake && draft_.intake->state == IntakeState::opened;
  if (state.devices.reader && std::chrono::steady_clock::now() - state.reader_polled >
                                  (awaiting_card ? std::chrono::milliseconds(400) : std::chrono::milliseconds(5000))) {
    auto event = state.devices.reader->poll();
    if (event && event->kind == devices::CardEvent::Kind::inserted && event->card && state.account) {
      draft_.card_party = party_from_id_card(*event->card);
    }
    state.reader_polled = std::chrono::steady_clock::now();
  }
  if (std::chrono::steady_clock::now() - state.devices_probed > std::chrono::seconds(5)) {
    if (state.devices.printer) (void)state.devices.printer->query_status();
    if (state.devices.pad && state.devices.pad->status().state == devices::DeviceState::absent) {
      (void)state.devices.pad->probe();
    }
    state.devices_probed = std::chrono::steady_clock::now();
  }
  const auto device = [](const auto& pointer, const char* missing) {
    return pointer ? pointer->status() : absent(missing);
  };
  status.devices.push_back({"status.idcard", device(state.devices.reader, "reader not found — check USB and udev")});
  status.devices.push_back({"status.sigpad", device(state.devices.pad, "pad not found — check USB and udev")});
  status.devices.push_back({"status.printer", device(state.devices.printer, "printer not found — check USB")});
  std::error_code error;
  const fs::space_info space = fs::space(config_.data_dir, error);
  status.free_bytes = error ? 0 : space.available;
  status.reserve_bytes = config_.reserve_bytes;
  if (archive) {
    if (auto entries = archive_status(*state.store, config_, clock_.now())) draft_.archive = std::move(*entries);
    state.archive_refreshed = std::chrono::steady_clock::now();
  }
  for (const ArchiveEntry& entry : draft_.archive) {
    if (entry.state != "verified") ++status.archive_pending;
    if (entry.state == "failed") ++status.archive_failed;
    if (entry.state != "verified" && entry.level == DeadlineLevel::overdue) ++status.archive_overdue;
  }
  draft_.status = std::move(status);
  if (draft_.playback) {
    std::lock_guard lock(mutex_);
    if (player_) {
      draft_.playback->position_seconds = player_->position_seconds();
      draft_.playback->finished = player_->finished();
      draft_.playback->error = player_->error();
    }
  }
  const Case* current = state.controller->current();
  if (current != nullptr && current->state != IntakeState::sealed) {
    draft_.intake = *current;
  } else {
    draft_.intake.reset();
  }
}

Expected<void> Counter::shutdown(const std::string& reason) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !worker_.joinable()) return {};
    stopping_ = true;
    queue_.clear();
    changed_.notify_all();
  }
  signature_action_ = static_cast<int>(SignatureAction::cancel);
  if (worker_.joinable()) worker_.join();
  if (!state_) return {};
  Expected<void> result;
  IntakeController& controller = *state_->controller;
  const Case* current = controller.current();
  if (current != nullptr && current->state != IntakeState::sealed) {
    if (current->state != IntakeState::closed) result = controller.abandon(reason);
    if (result) {
      if (auto sealed = controller.seal(); !sealed) result = sealed.error();
    }
  }
  if (state_->uploader) state_->uploader->stop();
  controller.set_recording(nullptr);  // the segment is finalized
  return result;
}

}  // namespace kiosk::app
