// What each of the UI's commands does, on the counter's worker thread.
#include <thread>

#include "devices/idcard/sam_simulator.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/raster.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/counter.h"
#include "kiosk/app/detail/counter_state.h"
#include "kiosk/app/identity.h"
#include "kiosk/app/intake_controller.h"
#include "kiosk/app/log.h"
#include "kiosk/app/printing.h"
#include "kiosk/app/signing.h"
#include "kiosk/crypto/crypto.h"
#include "kiosk/documents/preview.h"

namespace kiosk::app {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;  // clang 14 (the fuzz build) deduces no aggregate without it

const DocumentRef* issued(const Case& record, documents::DocumentKind kind) {
  for (const DocumentRef& document : record.documents) {
    if (document.kind == name_of(kind)) return &document;
  }
  return nullptr;
}

// Where a case's file is: in its sealed case file, or (a recording not yet sealed) in the recordings folder.
ReviewFile check_file(const Config& config, const Case& record, const std::string& file, const std::string& sha256) {
  ReviewFile checked{file, sha256, false, false};
  const std::filesystem::path sealed = config.cases_root() / record.terminal_id / record.number / "data" / file;
  const std::filesystem::path recorded =
      config.recordings_root() / record.number / std::filesystem::path(file).filename();
  for (const std::filesystem::path& path : {sealed, recorded}) {
    if (!std::filesystem::exists(path)) continue;
    checked.present = true;
    if (auto digest = crypto::sha256_file(path)) checked.intact = digest->sha256 == sha256;
    break;
  }
  return checked;
}

// The slips as one picture, one under the other with a grey gap: how they come out of the printer.
std::shared_ptr<const devices::GrayImage> stacked(const std::vector<devices::RasterImage>& slips) {
  auto picture = std::make_shared<devices::GrayImage>();
  constexpr std::uint32_t kGap = 12;
  for (const devices::RasterImage& slip : slips) {
    const devices::GrayImage gray = documents::raster_to_gray(slip);
    if (picture->width == 0) picture->width = gray.width;
    if (gray.width != picture->width) continue;
    if (picture->height > 0) {
      picture->pixels.insert(picture->pixels.end(), std::size_t{kGap} * picture->width, 200);
      picture->height += kGap;
    }
    picture->pixels.insert(picture->pixels.end(), gray.pixels.begin(), gray.pixels.end());
    picture->height += gray.height;
  }
  return picture;
}

std::filesystem::path located(const Config& config, const Case& record, const std::string& file) {
  const std::filesystem::path sealed = config.cases_root() / record.terminal_id / record.number / "data" / file;
  if (std::filesystem::exists(sealed)) return sealed;
  return config.recordings_root() / record.number / std::filesystem::path(file).filename();
}

}  // namespace

Expected<void> Counter::execute(const Command& command) {
  State& state = *state_;
  IntakeController& controller = *state.controller;
  const auto signed_in = [&]() -> Expected<const StaffAccount*> {
    if (!state.account) return Error("nobody is signed in — sign in with your staff id and PIN");
    return &*state.account;
  };
  const auto printer = [&]() -> Expected<devices::EscPosPrinter*> {
    if (!state.devices.printer) return Error("printer: not found — check its USB cable and power, then try again");
    return state.devices.printer.get();
  };
  const std::string printer_name = config_.simulate ? "(simulated)" : "USB";

  return std::visit(
      Overloaded{
          [&](const command::SignIn& sign_in) { return this->sign_in(sign_in); },
          [&](const command::UnlockStaff& unlock) { return unlock_staff(unlock); },
          [&](const command::SignOut&) -> Expected<void> {
            if (draft_.intake) return Error("an intake is open — close it before signing out");
            if (state.account) {
              TRY(state.store->audit().append(
                  AuditEvent{"", "staff.signed_out", state.account->staff.id, clock_.now(), {}}));
            }
            state.account.reset();
            draft_.staff.reset();
            draft_.sealed_number.clear();  // the applicant's screen goes back to the welcome
            draft_.review.reset();
            {
              std::lock_guard lock(mutex_);
              player_.reset();
            }
            draft_.playback.reset();
            return {};
          },
          [&](const command::OpenCase& open) -> Expected<void> {
            const StaffAccount* account = TRY(signed_in());
            if (controller.recording() == nullptr) {
              return Error("recording: the camera and microphone could not start (" + state.devices.recording_error +
                           ") — an intake must be recorded; call a technician");
            }
            if (draft_.status.disk_low()) {
              return Error("disk: less than 512 MB free in " + config_.data_dir.string() +
                           " — a new intake could not be recorded; call a technician");
            }
            TRY(controller.open_case(account->staff, open.matter_type));
            draft_.card_party.reset();
            draft_.previews.clear();
            draft_.rating.reset();
            draft_.ink.clear();
            draft_.sealed_number.clear();
            return {};
          },
          [&](const command::ReadCard&) -> Expected<void> {
            if (!state.devices.reader) return Error("ID card reader: not found — type the party's details instead");
            if (state.devices.reader_simulator && !state.devices.fixture_cards.empty()) {
              // The applicant puts their card on the simulated reader.
              state.devices.reader_simulator->remove_card();
              (void)state.devices.reader->poll();
              const auto& cards = state.devices.fixture_cards;
              TRY(state.devices.reader_simulator->place_card(cards[state.next_card++ % cards.size()]));
            }
            const auto deadline = std::chrono::steady_clock::now() + kCardWait;
            while (std::chrono::steady_clock::now() < deadline) {
              const devices::CardEvent event = TRY(state.devices.reader->poll());
              if (event.kind == devices::CardEvent::Kind::inserted && event.card) {
                draft_.card_party = party_from_id_card(*event.card);
                return {};
              }
              {
                std::lock_guard lock(mutex_);
                if (stopping_) break;
              }
              std::this_thread::sleep_for(std::chrono::milliseconds(300));
            }
            return Error("ID card reader: no card within 30 s — put the card flat on the reader and try again");
          },
          [&](const command::Identify& identify) { return controller.identify(identify.party); },
          [&](const command::AddMaterial& add) { return controller.add_material(add.material); },
          [&](const command::RemoveMaterial& remove) { return controller.remove_material(remove.index); },
          [&](const command::Decide& decide) { return controller.decide(decide.decision); },
          [&](const command::IssueDocuments&) -> Expected<void> {
            TRY(controller.issue_documents(state.templates));
            // The proof of service is what the applicant signs: its picture is shown to them while they do.
            const documents::Layout proof =
                TRY(case_document(documents::DocumentKind::proof_of_service, *controller.current(), state.templates,
                                  clock_.now(), controller.key()));
            draft_.previews = {DocumentPreview{std::string(name_of(documents::DocumentKind::proof_of_service)),
                                               stacked({TRY(documents::render_raster(proof, 576))})}};
            devices::EscPosPrinter* device = TRY(printer());
            for (documents::DocumentKind kind : documents::documents_for(controller.current()->decision->kind)) {
              if (kind == documents::DocumentKind::proof_of_service) continue;
              const auto slips =
                  TRY(print_case_document(*device, controller, kind, state.templates, clock_.now(), printer_name));
              draft_.previews.insert(draft_.previews.end() - 1,
                                     DocumentPreview{std::string(name_of(kind)), stacked(slips)});
            }
            return {};
          },
          [&](const command::Reprint& reprint) -> Expected<void> {
            if (reprint.kind == documents::DocumentKind::proof_of_service) {
              return Error("the proof of service is reprinted with its signature by `kiosk print proof --case NO`");
            }
            devices::EscPosPrinter* device = TRY(printer());
            TRY(print_case_document(*device, controller, reprint.kind, state.templates, clock_.now(), printer_name,
                                    true));
            return {};
          },
          [&](const command::StartSignature&) -> Expected<void> {
            if (!state.devices.pad) return Error("signature pad: not found — check its USB cable, or record a refusal");
            const Case* record = controller.current();
            if (record == nullptr) return Error("no intake is open");
            const DocumentRef* proof = issued(*record, documents::DocumentKind::proof_of_service);
            if (proof == nullptr) return Error("issue the documents first: the applicant signs the proof of service");
            devices::SignaturePad& pad = *state.devices.pad;
            signature_action_ = static_cast<int>(SignatureAction::go_on);
            update([](CounterSnapshot& draft) {
              draft.signing = true;
              draft.ink.clear();
            });
            SignatureControl control;
            control.progress = [&](const documents::SignatureCapture& capture) {
              const devices::PadGeometry geometry = pad.geometry();  // known once the pad is open
              std::vector<std::vector<std::array<float, 3>>> ink;
              for (const documents::SignatureStroke& stroke : capture.strokes()) {
                auto& line = ink.emplace_back();
                for (const documents::SignaturePoint& point : stroke) {
                  line.push_back({static_cast<float>(point.x) / std::max<float>(1, geometry.max_x),
                                  static_cast<float>(point.y) / std::max<float>(1, geometry.max_y),
                                  static_cast<float>(point.f) / std::max<float>(1, geometry.max_pressure)});
                }
              }
              update([&](CounterSnapshot& draft) { draft.ink = std::move(ink); });
            };
            control.next = [&] { return static_cast<SignatureAction>(signature_action_.exchange(0)); };
            const auto started = [&] {
              // The simulated applicant signs, as a hand would, from a moment after the pad is ready.
              if (state.devices.pad_simulator) {
                state.devices.pad_simulator->sign(devices::scripted_signature(pad.geometry(), 3),
                                                  clock_.monotonic_ns() + 200'000'000);
              }
            };
            auto signature = capture_signature(pad, *proof, clock_.now(), kSignatureWait, started, control);
            update([](CounterSnapshot& draft) { draft.signing = false; });
            return controller.sign(TRY(std::move(signature)), state.templates);
          },
          [&](const command::RedoSignature&) -> Expected<void> { return {}; },
          [&](const command::ConfirmSignature&) -> Expected<void> { return {}; },
          [&](const command::CancelSignature&) -> Expected<void> { return {}; },
          [&](const command::RefuseSignature& refuse) {
            return controller.refuse_to_sign(refuse.note, refuse.witness, state.templates);
          },
          [&](const command::Rate& rate) -> Expected<void> {
            TRY(controller.note("applicant.rated", {{"rating", std::string(name_of(rate.rating))}}));
            draft_.rating = rate.rating;
            return {};
          },
          [&](const command::Close&) -> Expected<void> {
            TRY(controller.close());
            const archive::SealedBag bag = TRY(controller.seal());
            draft_.sealed_number = controller.current()->number;
            log::info("case " + draft_.sealed_number + " closed and sealed: " + bag.path.string());
            if (state.uploader) state.uploader->wake();
            return {};
          },
          [&](const command::Abandon& abandon) -> Expected<void> {
            TRY(controller.abandon(abandon.reason));
            TRY(controller.seal());
            draft_.sealed_number = controller.current()->number;
            if (state.uploader) state.uploader->wake();
            return {};
          },
          [&](const command::OpenReview& open) -> Expected<void> {
            const StaffAccount* account = TRY(signed_in());
            if (account->role != StaffRole::supervisor) {
              return Error("review: only a supervisor may open a case for review — sign in as one");
            }
            if (open.reason.empty())
              return Error("review: say why the case is opened (it is written to the audit log)");
            std::optional<Case> record = TRY(state.store->cases().find(open.number));
            if (!record) return Error("review: there is no case " + open.number + " on this terminal");
            // Every access is an audit event of the case: who, why.
            TRY(state.store->audit().append(AuditEvent{
                record->number, "case.reviewed", account->staff.id, clock_.now(), {{"reason", open.reason}}}));
            CaseReview review{*record, open.reason, {}, {}};
            for (const DocumentRef& document : record->documents) {
              review.documents.push_back(check_file(config_, *record, document.file, document.sha256));
            }
            if (record->signature && !record->signature->file.empty()) {
              review.documents.push_back(
                  check_file(config_, *record, record->signature->file, record->signature->sha256));
            }
            for (const MediaSegmentRef& segment : record->media) {
              review.media.push_back(check_file(config_, *record, segment.file, segment.sha256));
            }
            {
              std::lock_guard lock(mutex_);
              player_.reset();
            }
            draft_.playback.reset();
            draft_.review = std::move(review);
            return {};
          },
          [&](const command::PlayRecording& play) -> Expected<void> {
            if (!draft_.review) return Error("review: open a case first");
            const CaseReview& review = *draft_.review;
            if (play.index >= review.media.size()) return Error("review: the case has no such recording");
            if (!review.media[play.index].present) {
              return Error("review: " + review.media[play.index].file +
                           " is no longer on this terminal — it is in the central archive");
            }
            TRY(state.store->audit().append(
                AuditEvent{review.record.number,
                           "case.recording_played",
                           state.account ? state.account->staff.id : "system",
                           clock_.now(),
                           {{"segment", review.media[play.index].file}, {"reason", review.reason}}}));
            std::shared_ptr<media::SegmentPlayer> player =
                TRY(media::SegmentPlayer::open(located(config_, review.record, review.media[play.index].file), 640));
            draft_.playback = Playback{play.index, 0, player->duration_seconds(), false, ""};
            std::lock_guard lock(mutex_);
            player_ = std::move(player);
            return {};
          },
          [&](const command::CloseReview&) -> Expected<void> {
            {
              std::lock_guard lock(mutex_);
              player_.reset();
            }
            draft_.playback.reset();
            draft_.review.reset();
            return {};
          },
          [&](const command::CheckTerminal&) -> Expected<void> {
            DoctorOptions options;
            options.config_source = "the running kiosk";
            options.only = {"data", "disk", "clock", "terminal key", "staff", "database", "archive queue", "archive"};
            draft_.checks = run_doctor(config_, options);
            TRY(state.store->audit().append(AuditEvent{"",
                                                       "terminal.checked",
                                                       state.account ? state.account->staff.id : "system",
                                                       clock_.now(),
                                                       {{"failed", any_failed(draft_.checks) ? "yes" : "no"}}}));
            return {};
          },
          [&](const command::PrintTestPage&) -> Expected<void> {
            devices::EscPosPrinter* device = TRY(printer());
            const devices::RasterImage page = TRY(devices::render_test_page(
                device->width_dots(),
                devices::TestPageInfo{config_.terminal_id, printer_name, format_rfc3339(clock_.now()).substr(0, 16)}));
            TRY(device->print(page));
            TRY(state.store->audit().append(AuditEvent{"",
                                                       "printer.test_page",
                                                       state.account ? state.account->staff.id : "system",
                                                       clock_.now(),
                                                       {{"dots", std::to_string(page.height_dots)}}}));
            return {};
          },
      },
      command);
}

}  // namespace kiosk::app
