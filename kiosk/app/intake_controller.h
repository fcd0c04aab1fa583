// The intake controller: drives one intake through core's state machine, persists every step with its audit
// event in one transaction, and seals the case into the case file with its outbox entry. The UI calls this;
// so does `kiosk demo`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/case_recording.h"
#include "kiosk/app/config.h"
#include "kiosk/archive/archive.h"
#include "kiosk/core/case_number.h"
#include "kiosk/core/intake.h"
#include "kiosk/crypto/terminal_key.h"
#include "kiosk/documents/documents.h"
#include "kiosk/documents/notices.h"
#include "kiosk/documents/signature.h"
#include "kiosk/documents/templates.h"
#include "kiosk/media/clock.h"
#include "kiosk/store/store.h"

namespace kiosk::app {

// The outbox destination that carries sealed case files to the central archive.
inline constexpr std::string_view kArchiveDestination = "archive";

// A case's document as the terminal issues it: the receipt carries its verification code, signed with the
// terminal's key; the proof of service carries `mark` (the signature or the refusal).
Expected<documents::Layout> case_document(documents::DocumentKind kind, const Case& record,
                                          const documents::Templates& templates, Instant now,
                                          const crypto::TerminalKey& key, const documents::ServiceMark& mark = {});
// The same for the printer: one layout a slip (a long receipt takes several, each cut on its own).
Expected<std::vector<documents::Layout>> case_printouts(documents::DocumentKind kind, const Case& record,
                                                        const documents::Templates& templates, Instant now,
                                                        const crypto::TerminalKey& key,
                                                        const documents::ServiceMark& mark = {});
// What backs a receipt's verification code, for the case file.
Expected<archive::ReceiptVerification> receipt_verification(const Case& record, const crypto::TerminalKey& key);

class IntakeController {
 public:
  static Expected<IntakeController> create(store::Store& store, const media::Clock& clock, const Config& config);

  // The counter's recording, armed: every case opened from now on is recorded from its pre-roll to its closing.
  // Without it, cases are not recorded.
  void set_recording(std::unique_ptr<CaseRecording> recording) { recording_ = std::move(recording); }
  const CaseRecording* recording() const { return recording_.get(); }
  // Registers, with their audit events, the segments that closed since the last call, and writes an audit event
  // for each camera or microphone lost or back. Every step calls it; the UI calls it between steps too, so a
  // segment is registered as soon as it closes.
  Expected<void> register_media();
  // Every print and reprint of a case's document is an audit event of the case (which printer, how long).
  Expected<void> note_printed(documents::DocumentKind document, const std::string& printer, std::uint32_t dot_rows,
                              bool reprint = false);
  // Any other event of the open case (the applicant's rating, …), by the staff member running it.
  Expected<void> note(std::string kind, std::vector<std::pair<std::string, std::string>> detail);

  // Allocates the next case number and opens the case, in one transaction (no gaps in numbering).
  Expected<std::string> open_case(const Staff& staff, std::string matter_type);
  Expected<void> identify(Party party);
  Expected<void> add_material(Material material);
  Expected<void> remove_material(std::size_t index);
  Expected<void> decide(Decision decision);
  // Renders the documents the decision calls for as PDF into the case's folder (the receipt receipt-size, the
  // notices and the proof of service A4) and issues them; the proof is the copy shown for signing.
  Expected<std::vector<DocumentRef>> issue_documents(const documents::Templates& templates);
  // The applicant signed the proof of service on the pad: the pen data (JSON), its picture (PNG) and the proof
  // with the ink drawn in go into the case, bound to the SHA-256 of the proof as issued.
  Expected<void> sign(const documents::Signature& signature, const documents::Templates& templates);
  // The applicant would not sign: the refusal, its note and the witness are written on the proof.
  Expected<void> refuse_to_sign(std::string note, std::string witness, const documents::Templates& templates);
  // Where a case's documents and signature are until it is sealed.
  std::filesystem::path files_folder(const std::string& number) const { return config_.case_files_root() / number; }
  Expected<void> close();
  Expected<void> abandon(std::string reason);
  // Writes the case file, then records the seal and queues the file for the archive in one transaction.
  Expected<archive::SealedBag> seal();

  // After a restart: every case left unsealed is sealed — closed ones as they are, the others as abandoned.
  Expected<std::vector<archive::SealedBag>> recover_unsealed();

  const Case* current() const { return intake_ ? &intake_->record() : nullptr; }
  const crypto::TerminalKey& key() const { return *key_; }

 private:
  IntakeController(store::Store& store, const media::Clock& clock, const Config& config, CaseNumberPattern pattern,
                   crypto::TerminalKey key)
      : store_(store),
        clock_(clock),
        config_(config),
        pattern_(std::move(pattern)),
        key_(std::make_shared<crypto::TerminalKey>(std::move(key))) {}

  template <typename Step>
  Expected<void> apply(Step&& step);
  Expected<void> persist(const Intake& next, const AuditEvent& event);
  Expected<archive::SealedBag> seal(Intake& intake);
  Expected<void> stop_recording();
  Expected<void> note_recording_failure(const std::string& error);
  Expected<void> attach(Intake& intake, std::vector<MediaSegmentRef> segments);
  // After a crash: unfinished segments made whole, and segments closed but not registered, registered.
  Expected<void> recover_media(Intake& intake);

  store::Store& store_;
  const media::Clock& clock_;
  const Config& config_;
  CaseNumberPattern pattern_;
  std::shared_ptr<crypto::TerminalKey> key_;
  std::optional<Intake> intake_;
  // Write the signed or refused proof of service and record it.
  Expected<void> finish_service(SignatureRef signature, const documents::ServiceMark& mark,
                                const documents::Templates& templates, std::vector<DocumentRef> attachments);
  Expected<DocumentRef> file_document(const std::string& kind, const std::string& file, std::string_view bytes);
  std::optional<Instant> served_at_;      // when the documents were issued: the proof of service's time
  bool recording_failure_noted_ = false;  // the case's recording.failed event is written once
  std::unique_ptr<CaseRecording> recording_;
};

}  // namespace kiosk::app
