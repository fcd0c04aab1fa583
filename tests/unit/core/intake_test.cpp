#include "kiosk/core/intake.h"

#include <gtest/gtest.h>

#include "support/intake_driver.h"

namespace kiosk {
namespace {

using testing::at;
using testing::drive_to;
using testing::hash_of;
using testing::open_intake;

std::string detail_value(const AuditEvent& event, std::string_view key) {
  for (const auto& [name, value] : event.detail) {
    if (name == key) return value;
  }
  return "<absent>";
}

TEST(Intake, OpeningNeedsANumberAMatterAndValidStaff) {
  OpenRequest request{"GXJ-2026-000001", "T01", "机关", "行政许可申请", testing::staff(), at(0)};
  auto opened = Intake::open(request);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->event.kind, "case.opened");
  EXPECT_EQ(opened->intake.state(), IntakeState::opened);

  OpenRequest no_matter = request;
  no_matter.matter_type.clear();
  EXPECT_FALSE(Intake::open(no_matter));
  OpenRequest no_certificate = request;
  no_certificate.staff.certificate_number.clear();
  EXPECT_FALSE(Intake::open(no_certificate));
}

TEST(Intake, AWholeIntakeYieldsOneAuditEventPerStep) {
  Intake intake = open_intake();
  std::vector<std::string> kinds;
  for (IntakeEvent event :
       {IntakeEvent::identify, IntakeEvent::add_material, IntakeEvent::add_material, IntakeEvent::decide,
        IntakeEvent::issue_documents, IntakeEvent::sign, IntakeEvent::close, IntakeEvent::seal}) {
    auto result = testing::perform(intake, event);
    ASSERT_TRUE(result) << result.error().message();
    kinds.push_back(result->kind);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"party.identified", "material.added", "material.added", "decision.made",
                                             "documents.issued", "signature.captured", "case.closed", "case.sealed"}));
  EXPECT_EQ(intake.state(), IntakeState::sealed);
  EXPECT_EQ(intake.record().materials.size(), 2u);
  EXPECT_TRUE(intake.record().outstanding.empty());
  EXPECT_EQ(intake.record().seal_hash, hash_of('e'));
}

TEST(Intake, AuditDetailMasksTheIdNumber) {
  Intake intake = open_intake();
  auto event = intake.identify(testing::person(), at(1));
  ASSERT_TRUE(event);
  EXPECT_EQ(detail_value(*event, "id_number"), "1101**********002X");
  for (const auto& [key, value] : event->detail) EXPECT_EQ(value.find(testing::kValidIdNumber), std::string::npos);
}

TEST(Intake, ReidentifyingIsRecordedAsACorrection) {
  Intake intake = drive_to(IntakeState::itemized);
  Party corrected = testing::person();
  corrected.phone = "13700137000";
  auto event = intake.identify(corrected, at(5));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->kind, "party.corrected");
  EXPECT_EQ(intake.state(), IntakeState::itemized);
  EXPECT_EQ(intake.record().party->phone, "13700137000");
}

TEST(Intake, InvalidInputIsRefusedWithoutChangingTheCase) {
  Intake intake = open_intake();
  Party no_name = testing::person();
  no_name.name.clear();
  const Case before = intake.record();
  EXPECT_FALSE(intake.identify(no_name, at(1)));
  EXPECT_EQ(intake.record(), before);

  Intake itemizing = drive_to(IntakeState::identified);
  EXPECT_FALSE(itemizing.add_material(testing::material("申请书", 0, 1), at(2)));
  EXPECT_EQ(itemizing.state(), IntakeState::identified);
}

TEST(Intake, RemovingMaterialsKeepsOrderAndFallsBackToIdentified) {
  Intake intake = drive_to(IntakeState::identified);
  ASSERT_TRUE(intake.add_material(testing::material("一"), at(1)));
  ASSERT_TRUE(intake.add_material(testing::material("二"), at(2)));
  ASSERT_TRUE(intake.add_material(testing::material("三"), at(3)));
  ASSERT_TRUE(intake.remove_material(1, at(4)));
  ASSERT_EQ(intake.record().materials.size(), 2u);
  EXPECT_EQ(intake.record().materials[1].name, "三");
  EXPECT_FALSE(intake.remove_material(5, at(5)));
  ASSERT_TRUE(intake.remove_material(0, at(6)));
  ASSERT_TRUE(intake.remove_material(0, at(7)));
  EXPECT_EQ(intake.state(), IntakeState::identified);
}

TEST(Intake, ClosingEarlyRecordsWhatIsOutstanding) {
  Intake decided = drive_to(IntakeState::decided);
  ASSERT_TRUE(decided.close(at(20)));
  EXPECT_EQ(decided.record().outstanding,
            (std::vector<std::string>{"documents_not_issued", "proof_of_service_not_signed"}));

  Intake issued = drive_to(IntakeState::documents_issued);
  auto event = issued.close(at(20));
  ASSERT_TRUE(event);
  EXPECT_EQ(issued.record().outstanding, std::vector<std::string>{"proof_of_service_not_signed"});
  EXPECT_EQ(detail_value(*event, "outstanding"), "proof_of_service_not_signed");
}

TEST(Intake, SignatureMustBindToAnIssuedDocumentAsIssued) {
  Intake intake = drive_to(IntakeState::documents_issued);
  SignatureRef wrong_hash = testing::signature_for_proof();
  wrong_hash.document_sha256 = hash_of('9');
  auto result = intake.sign(wrong_hash, at(30));
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("not among the issued documents"), std::string::npos);
  SignatureRef no_pen_data = testing::signature_for_proof();
  no_pen_data.file.clear();
  EXPECT_FALSE(intake.sign(no_pen_data, at(30)));
  EXPECT_EQ(intake.state(), IntakeState::documents_issued);
}

TEST(Intake, RefusalToSignNeedsANoteAndAWitness) {
  Intake intake = drive_to(IntakeState::documents_issued);
  SignatureRef refusal{"proof_of_service", hash_of('c'), "", "", true, "", ""};
  EXPECT_FALSE(intake.sign(refusal, at(30)));
  refusal.refusal_note = "当事人拒绝签收";
  refusal.witness = "赵六";
  auto event = intake.sign(refusal, at(31));
  ASSERT_TRUE(event);
  EXPECT_EQ(event->kind, "signature.refused");
  EXPECT_EQ(intake.state(), IntakeState::service_signed);
}

TEST(Intake, AbandonedCasesKeepWhereTheyStoppedAndAreSealed) {
  Intake intake = drive_to(IntakeState::itemized);
  EXPECT_FALSE(intake.abandon("  ", at(40)));
  auto event = intake.abandon("applicant left the counter", at(41));
  ASSERT_TRUE(event);
  EXPECT_EQ(detail_value(*event, "reached"), "itemized");
  EXPECT_EQ(intake.record().abandoned_in, IntakeState::itemized);
  EXPECT_EQ(outcome_of(intake.record()), "abandoned");
  ASSERT_TRUE(intake.seal(hash_of('e'), at(42)));
  EXPECT_EQ(intake.state(), IntakeState::sealed);
  EXPECT_EQ(outcome_of(intake.record()), "abandoned");
}

TEST(Intake, MediaSegmentsAreNumberedWithoutGaps) {
  Intake intake = open_intake();
  MediaSegmentRef first{1, "media/0001.mp4", hash_of('1'), 100, 0, 1};
  MediaSegmentRef third{3, "media/0003.mp4", hash_of('3'), 100, 0, 1};
  ASSERT_TRUE(intake.attach_media(first, at(1)));
  auto gap = intake.attach_media(third, at(2));
  ASSERT_FALSE(gap);
  EXPECT_NE(gap.error().message().find("segment 2 was due"), std::string::npos);
  EXPECT_EQ(intake.record().media.size(), 1u);
}

TEST(Intake, SealNeedsASha256) {
  Intake intake = drive_to(IntakeState::closed);
  EXPECT_FALSE(intake.seal("abc", at(50)));
  EXPECT_EQ(intake.state(), IntakeState::closed);
}

TEST(Intake, ResumeContinuesFromTheStoredRecord) {
  const Intake original = drive_to(IntakeState::decided);
  Intake resumed = Intake::resume(original.record());
  EXPECT_EQ(resumed.state(), IntakeState::decided);
  ASSERT_TRUE(resumed.issue_documents(testing::issued_documents(), at(60)));
}

}  // namespace
}  // namespace kiosk
