// The intake state machine: open → identify → itemize → decide → issue documents → sign → close → seal,
// and abandon from any state before closing. Pure: every input, including the time, comes from the caller.
// Each transition either changes the case and returns the audit event that records it, or changes nothing
// and returns an Error that says what has to happen first.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/audit_event.h"
#include "kiosk/core/case.h"
#include "kiosk/core/error.h"

namespace kiosk {

enum class IntakeEvent {
  identify,
  add_material,
  remove_material,
  decide,
  issue_documents,
  sign,
  close,
  abandon,
  seal,
  attach_media,
};

// The state `event` leads to from `from`, or nullopt when the event is not allowed there. (remove_material of
// the last material goes back to `identified`; the table gives the usual case.)
std::optional<IntakeState> next_state(IntakeState from, IntakeEvent event);

struct OpenRequest {
  std::string number;
  std::string terminal_id;
  std::string agency;
  std::string matter_type;
  Staff staff;
  Instant at;
};

class Intake {
 public:
  struct Opened;

  // Opens a case: recording begins with it.
  static Expected<Opened> open(OpenRequest request);
  // Continues a case as the store has it (after a restart).
  static Intake resume(Case record) { return Intake(std::move(record)); }

  Expected<AuditEvent> identify(Party party, Instant at);
  Expected<AuditEvent> add_material(Material material, Instant at);
  Expected<AuditEvent> remove_material(std::size_t index, Instant at);
  Expected<AuditEvent> decide(Decision decision, Instant at);
  Expected<AuditEvent> issue_documents(std::vector<DocumentRef> documents, Instant at);
  // The proof of service is signed, or (signature.refused) the refusal is recorded with a note and a witness.
  // `attachments` are the documents signing produced (the signed proof, the picture of the signature); they join
  // the case's documents.
  Expected<AuditEvent> sign(SignatureRef signature, Instant at, std::vector<DocumentRef> attachments = {});
  // Closing before documents are issued and signed is allowed (the applicant may have left the desk), but the
  // steps left undone are recorded in the case as `outstanding`.
  Expected<AuditEvent> close(Instant at);
  Expected<AuditEvent> abandon(std::string reason, Instant at);
  Expected<AuditEvent> seal(std::string seal_hash, Instant at);
  // Registers a recording segment; segments are numbered 1, 2, 3 … without gaps, one-to-one with the paper file.
  Expected<AuditEvent> attach_media(MediaSegmentRef segment, Instant at);

  const Case& record() const { return record_; }
  IntakeState state() const { return record_.state; }

 private:
  explicit Intake(Case record) : record_(std::move(record)) {}

  Expected<IntakeState> check(IntakeEvent event) const;
  AuditEvent event(std::string kind, Instant at, std::vector<std::pair<std::string, std::string>> detail) const;

  Case record_;
};

struct Intake::Opened {
  Intake intake;
  AuditEvent event;
};

// 2104**********1234: the first four and last four characters; what lists, logs and audit details show.
std::string mask_id_number(std::string_view id_number);
// 张**: the first character of a name, a star for each of the rest (by character, so GB 18030 text stays whole).
std::string mask_name(std::string_view name);

template <>
struct EnumNames<IntakeEvent> {
  static constexpr std::array entries{std::pair{IntakeEvent::identify, std::string_view{"identify"}},
                                      std::pair{IntakeEvent::add_material, std::string_view{"add_material"}},
                                      std::pair{IntakeEvent::remove_material, std::string_view{"remove_material"}},
                                      std::pair{IntakeEvent::decide, std::string_view{"decide"}},
                                      std::pair{IntakeEvent::issue_documents, std::string_view{"issue_documents"}},
                                      std::pair{IntakeEvent::sign, std::string_view{"sign"}},
                                      std::pair{IntakeEvent::close, std::string_view{"close"}},
                                      std::pair{IntakeEvent::abandon, std::string_view{"abandon"}},
                                      std::pair{IntakeEvent::seal, std::string_view{"seal"}},
                                      std::pair{IntakeEvent::attach_media, std::string_view{"attach_media"}}};
};

}  // namespace kiosk
