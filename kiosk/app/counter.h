// The counter, as the touch UI drives it: the intake controller, the devices, the recording and the archive
// uploader behind one door. Every command runs on the counter's own worker thread, in order; the UI submits
// commands and reads immutable snapshots, so it never waits on a device, the disk or the network.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "devices/idcard/card_text.h"
#include "devices/idcard/id_card_reader.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/raster.h"
#include "devices/sigpad/signature_pad.h"
#include "kiosk/app/archive_queue.h"
#include "kiosk/app/case_recording.h"
#include "kiosk/app/catalog.h"
#include "kiosk/app/config.h"
#include "kiosk/app/doctor.h"
#include "kiosk/app/staff_roster.h"
#include "kiosk/app/terminal_status.h"
#include "kiosk/core/case.h"
#include "kiosk/documents/documents.h"
#include "kiosk/media/clock.h"
#include "kiosk/media/player.h"

namespace kiosk::devices {
class SignaturePadSimulator;
class SamReaderSimulator;
}  // namespace kiosk::devices

namespace kiosk::app {

// 满意度评价 — the applicant's rating of the service, an audit event of the case.
enum class Rating { satisfied, basically_satisfied, dissatisfied };

struct CounterDevices {
  std::unique_ptr<devices::IdCardReader> reader;  // null: not found (shown as absent)
  std::unique_ptr<devices::EscPosPrinter> printer;
  std::unique_ptr<devices::SignaturePad> pad;
  std::unique_ptr<CaseRecording> recording;  // armed; null: no recording (a new intake is refused)
  std::string recording_error;               // why there is none
  // With --simulate: the applicant's side of the simulated reader and pad (a card put on it, a hand that signs).
  std::shared_ptr<devices::SamReaderSimulator> reader_simulator;
  std::shared_ptr<devices::SignaturePadSimulator> pad_simulator;
  std::vector<devices::IdCardData> fixture_cards;
};

// The configured devices, or their simulators with config.simulate. A device that cannot be opened is left out and
// shown as absent with the reason: the kiosk still starts, and says what to fix.
CounterDevices open_counter_devices(const Config& config, const media::Clock& clock);

namespace command {
struct SignIn {
  std::string staff_id;
  std::string pin;
};
struct SignOut {};
struct OpenCase {
  std::string matter_type;
};
struct ReadCard {};  // waits for a card on the reader (up to 30 s); the result is the snapshot's card_party
struct Identify {
  Party party;
};
struct AddMaterial {
  Material material;
};
struct RemoveMaterial {
  std::size_t index = 0;
};
struct Decide {
  Decision decision;
};
struct IssueDocuments {};  // files them, and prints the receipt and the notice
struct Reprint {
  documents::DocumentKind kind = documents::DocumentKind::material_receipt;
};
struct StartSignature {};
struct RedoSignature {};     // taken at once, even while the signature runs
struct ConfirmSignature {};  // taken at once
struct CancelSignature {};   // taken at once
struct RefuseSignature {
  std::string note;
  std::string witness;
};
struct Rate {
  Rating rating = Rating::satisfied;
};
struct Close {};  // closes the intake and seals its case file
struct Abandon {
  std::string reason;
};
struct PrintTestPage {};
// A technician checks the terminal: `kiosk doctor`'s lines but the devices' (the counter holds those, and the
// settings show their state).
struct CheckTerminal {};
// A supervisor opens a sealed case for review; `reason` goes into the audit log with who.
struct OpenReview {
  std::string number;
  std::string reason;
};
struct PlayRecording {
  std::size_t index = 0;
};
struct CloseReview {};
// A supervisor lifts the lock on an account that had too many wrong PINs; `reason` goes into the audit log.
struct UnlockStaff {
  std::string staff_id;
  std::string reason;
};
}  // namespace command

using Command =
    std::variant<command::SignIn, command::SignOut, command::OpenCase, command::ReadCard, command::Identify,
                 command::AddMaterial, command::RemoveMaterial, command::Decide, command::IssueDocuments,
                 command::Reprint, command::StartSignature, command::RedoSignature, command::ConfirmSignature,
                 command::CancelSignature, command::RefuseSignature, command::Rate, command::Close, command::Abandon,
                 command::PrintTestPage, command::CheckTerminal, command::OpenReview, command::PlayRecording,
                 command::CloseReview, command::UnlockStaff>;

// A file of a case under review, checked against the SHA-256 the case registered for it.
struct ReviewFile {
  std::string file;  // "documents/material_receipt.pdf", "media/0001.mp4"
  std::string sha256;
  bool present = false;
  bool intact = false;  // present, and its bytes hash to what the case registered
};

struct CaseReview {
  Case record;
  std::string reason;
  std::vector<ReviewFile> documents;
  std::vector<ReviewFile> media;
};

struct Playback {
  std::size_t index = 0;
  double position_seconds = 0;
  double duration_seconds = 0;
  bool finished = false;
  std::string error;
};

// A document as the applicant gets it: the printed slips one under the other, or the proof of service to sign.
struct DocumentPreview {
  std::string kind;  // "material_receipt", "acceptance_notice", "proof_of_service", …
  std::shared_ptr<const devices::GrayImage> picture;
};

struct CounterSnapshot {
  std::uint64_t commands_done = 0;    // how many submitted commands have run
  std::vector<StaffAccount> roster;   // who may sign in here (the PIN hashes left out)
  std::string roster_error;           // why nobody can (no roster file)
  std::optional<StaffAccount> staff;  // signed in (the PIN hash left out)
  std::optional<Case> intake;         // the open intake
  std::optional<Party> card_party;    // the last card read, for the party panel
  std::string busy;                   // the translation key of the job running ("busy.card"); "" when idle
  std::string error;                  // the last command's error; "" when it went through
  TerminalStatus status;
  bool signing = false;
  std::vector<std::vector<std::array<float, 3>>> ink;  // strokes of x, y (0..1 of the pad) and pressure (0..1)
  std::optional<Rating> rating;
  std::string sealed_number;  // the case sealed last (the thank-you screen shows it)
  std::vector<ArchiveEntry> archive;
  std::vector<DocumentPreview> previews;  // the open intake's documents, once issued
  std::optional<CaseReview> review;       // the case a supervisor opened
  std::optional<Playback> playback;       // its recording playing
  std::vector<DoctorLine> checks;         // the technician's last terminal check
  std::vector<std::string> locked_staff;  // staff ids locked after wrong PINs (a supervisor may unlock them)
};

class Counter {
 public:
  static Expected<std::unique_ptr<Counter>> open(const Config& config, CounterDevices devices,
                                                 const media::Clock& clock);
  ~Counter();
  Counter(const Counter&) = delete;
  Counter& operator=(const Counter&) = delete;

  void submit(Command command);
  std::shared_ptr<const CounterSnapshot> snapshot() const;
  // The newest camera picture for the live thumbnail (null without a recording).
  std::shared_ptr<const media::PreviewFrame> preview() const;
  // The picture of the recording under review (null when none plays).
  std::shared_ptr<const media::PreviewFrame> playback_frame() const;
  // Until every command submitted so far has run; false on timeout.
  bool wait_idle(std::chrono::milliseconds timeout) const;
  // SIGTERM or the technician's "close": an open intake is abandoned with `reason` and sealed, the recording
  // ended, the worker stopped. The destructor does it too.
  Expected<void> shutdown(const std::string& reason);

  const MaterialCatalog& catalog() const { return catalog_; }
  const Config& config() const { return config_; }

 private:
  struct State;
  Counter(const Config& config, const media::Clock& clock);
  void run();
  Expected<void> execute(const Command& command);
  // Staff at the counter (counter_staff.cpp): sign-in with its lockout, kept in the database across restarts.
  Expected<void> sign_in(const command::SignIn& sign_in);
  Expected<void> unlock_staff(const command::UnlockStaff& unlock);
  Expected<void> restore_sign_in_locks(State& state);
  void refresh(bool archive);
  void publish();
  // Changes the worker's draft and publishes it at once (the live ink, the signing flag).
  void update(const std::function<void(CounterSnapshot&)>& change);

  Config config_;
  const media::Clock& clock_;
  MaterialCatalog catalog_;
  std::unique_ptr<State> state_;  // worker-thread only
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::deque<Command> queue_;
  std::uint64_t submitted_ = 0;
  std::shared_ptr<const CounterSnapshot> snapshot_ = std::make_shared<CounterSnapshot>();
  CounterSnapshot draft_;  // the worker's copy, published as snapshot_
  bool stopping_ = false;
  std::atomic<int> signature_action_{0};          // SignatureAction asked for by the UI
  std::shared_ptr<media::SegmentPlayer> player_;  // set and read under mutex_
  std::thread worker_;
};

}  // namespace kiosk::app

namespace kiosk {
template <>
struct EnumNames<app::Rating> {
  static constexpr std::array entries{
      std::pair{app::Rating::satisfied, std::string_view{"satisfied"}},
      std::pair{app::Rating::basically_satisfied, std::string_view{"basically_satisfied"}},
      std::pair{app::Rating::dissatisfied, std::string_view{"dissatisfied"}}};
};
}  // namespace kiosk
