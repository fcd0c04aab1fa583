// Drives an intake to any state through legal transitions, and performs any event with valid arguments.
#pragma once

#include <gtest/gtest.h>

#include "kiosk/core/core.h"
#include "support/fixtures.h"

namespace kiosk::testing {

inline std::vector<DocumentRef> issued_documents() {
  return {document("material_receipt", 'a'), document("acceptance_notice", 'b'), document("proof_of_service", 'c')};
}

inline SignatureRef signature_for_proof() {
  return SignatureRef{
      "proof_of_service", hash_of('c'), "signatures/proof_of_service.json", hash_of('d'), false, "", ""};
}

// Performs `event` with arguments that are valid whenever the event is allowed.
inline Expected<AuditEvent> perform(Intake& intake, IntakeEvent event, Instant when = at(10)) {
  switch (event) {
    case IntakeEvent::identify: return intake.identify(person(), when);
    case IntakeEvent::add_material: return intake.add_material(material(), when);
    case IntakeEvent::remove_material: return intake.remove_material(0, when);
    case IntakeEvent::decide: return intake.decide(accepted(), when);
    case IntakeEvent::issue_documents: return intake.issue_documents(issued_documents(), when);
    case IntakeEvent::sign: return intake.sign(signature_for_proof(), when);
    case IntakeEvent::close: return intake.close(when);
    case IntakeEvent::abandon: return intake.abandon("applicant left the counter", when);
    case IntakeEvent::seal: return intake.seal(hash_of('e'), when);
    case IntakeEvent::attach_media: {
      const auto sequence = static_cast<std::int32_t>(intake.record().media.size() + 1);
      return intake.attach_media(
          MediaSegmentRef{sequence, "media/" + std::to_string(sequence) + ".mp4", hash_of('f'), 1000, 0, 1'000'000},
          when);
    }
  }
  return Error("unknown event");
}

inline Intake open_intake(const char* number = "GXJ-2026-000001") {
  auto opened = Intake::open(OpenRequest{number, "T01", "示例市市场监督管理局", "行政许可申请", staff(), at(0)});
  EXPECT_TRUE(opened) << opened.error().message();
  return std::move(opened->intake);
}

// The shortest legal path to `target`.
inline Intake drive_to(IntakeState target) {
  Intake intake = open_intake();
  std::vector<IntakeEvent> path;
  switch (target) {
    case IntakeState::opened: break;
    case IntakeState::identified: path = {IntakeEvent::identify}; break;
    case IntakeState::itemized: path = {IntakeEvent::identify, IntakeEvent::add_material}; break;
    case IntakeState::decided: path = {IntakeEvent::identify, IntakeEvent::add_material, IntakeEvent::decide}; break;
    case IntakeState::documents_issued:
      path = {IntakeEvent::identify, IntakeEvent::add_material, IntakeEvent::decide, IntakeEvent::issue_documents};
      break;
    case IntakeState::service_signed:
      path = {IntakeEvent::identify, IntakeEvent::add_material, IntakeEvent::decide, IntakeEvent::issue_documents,
              IntakeEvent::sign};
      break;
    case IntakeState::closed:
      path = {IntakeEvent::identify,        IntakeEvent::add_material, IntakeEvent::decide,
              IntakeEvent::issue_documents, IntakeEvent::sign,         IntakeEvent::close};
      break;
    case IntakeState::abandoned: path = {IntakeEvent::abandon}; break;
    case IntakeState::sealed:
      path = {IntakeEvent::identify, IntakeEvent::add_material, IntakeEvent::decide, IntakeEvent::issue_documents,
              IntakeEvent::sign,     IntakeEvent::close,        IntakeEvent::seal};
      break;
  }
  for (IntakeEvent event : path) {
    auto result = perform(intake, event);
    EXPECT_TRUE(result) << result.error().message();
  }
  EXPECT_EQ(intake.state(), target);
  return intake;
}

}  // namespace kiosk::testing
