#include "kiosk/app/intake_controller.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fstream>
#include <sched.h>
#include <sstream>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devices/audio/simulated_microphone.h"
#include "devices/camera/simulated_camera.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "kiosk/app/store_access.h"
#include "kiosk/crypto/crypto.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;
using kiosk::testing::TempDir;

class IntakeControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config_.data_dir = dir_.path();
    config_.case_number_pattern = "FS-GXJ-{year}-{seq:06}";
    auto store = app::open_store(config_);
    ASSERT_TRUE(store) << store.error().message();
    store_.emplace(std::move(*store));
    controller_.emplace(std::move(*IntakeController::create(*store_, clock_, config_)));
  }

  void run_to_decision() {
    ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
    ASSERT_TRUE(controller_->identify(kiosk::testing::person()));
    ASSERT_TRUE(controller_->add_material(kiosk::testing::material()));
    ASSERT_TRUE(controller_->decide(kiosk::testing::accepted()));
  }

  TempDir dir_;
  Config config_;
  media::ManualClock clock_{Instant{1'795'919'900'000, 480}};  // 2026-11-29 10:38 in China
  std::optional<store::Store> store_;
  std::optional<IntakeController> controller_;
};

TEST_F(IntakeControllerTest, NumbersCasesConsecutivelyFromThePattern) {
  auto first = controller_->open_case(kiosk::testing::staff(), "行政许可申请");
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(*first, "FS-GXJ-2026-000001");
  ASSERT_TRUE(controller_->abandon("applicant left"));
  ASSERT_TRUE(controller_->seal());
  EXPECT_EQ(*controller_->open_case(kiosk::testing::staff(), "行政许可申请"), "FS-GXJ-2026-000002");
}

TEST_F(IntakeControllerTest, EachSealedCaseIsSignedAndChainedToTheOneBefore) {
  std::vector<archive::SealedBag> bags;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
    ASSERT_TRUE(controller_->abandon("applicant left"));
    clock_.advance_ms(1000);
    bags.push_back(*controller_->seal());
  }
  auto key = crypto::TerminalKey::load_public(config_.terminal_key_path().string() + ".pub");
  ASSERT_TRUE(key) << key.error().message();
  auto first = archive::verify_case(bags[0].path, *key);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(first->previous_case, "");
  for (int i = 1; i < 3; ++i) {
    auto report = archive::verify_case(bags[static_cast<std::size_t>(i)].path, *key);
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->previous_case, "FS-GXJ-2026-00000" + std::to_string(i));
    EXPECT_EQ(report->previous_checked, std::optional<bool>(true));
  }
  // Take the middle case away: the last one still verifies on its own, and says its link is not at hand.
  fs::rename(bags[1].path, dir_ / "elsewhere");
  auto last = archive::verify_case(bags[2].path, *key);
  ASSERT_TRUE(last);
  EXPECT_FALSE(last->previous_checked.has_value());
}

TEST_F(IntakeControllerTest, RefusesASecondIntakeWhileOneIsOpen) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  auto second = controller_->open_case(kiosk::testing::staff(), "行政许可申请");
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().message().find("still open"), std::string::npos);
}

TEST_F(IntakeControllerTest, AFailedOpenUsesNoNumber) {
  Staff no_certificate = kiosk::testing::staff();
  no_certificate.certificate_number.clear();
  EXPECT_FALSE(controller_->open_case(no_certificate, "行政许可申请"));
  EXPECT_EQ(*controller_->open_case(kiosk::testing::staff(), "行政许可申请"), "FS-GXJ-2026-000001");
}

TEST_F(IntakeControllerTest, EveryStepIsInTheStoreWithItsAuditEvent) {
  run_to_decision();
  const std::string number = controller_->current()->number;
  auto stored = store_->cases().find(number);
  ASSERT_TRUE(stored && stored->has_value());
  EXPECT_EQ(**stored, *controller_->current());
  auto events = store_->audit().of_case(number);
  ASSERT_EQ(events->size(), 4u);
  EXPECT_EQ((*events)[3].event.kind, "decision.made");
  EXPECT_EQ((*events)[3].event.actor, "S001");
}

TEST_F(IntakeControllerTest, ARefusedStepChangesNeitherMemoryNorStore) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  EXPECT_FALSE(controller_->decide(kiosk::testing::accepted()));
  EXPECT_EQ(controller_->current()->state, IntakeState::opened);
  EXPECT_EQ(store_->audit().of_case(controller_->current()->number)->size(), 1u);
}

TEST_F(IntakeControllerTest, SealingWritesTheBagAndQueuesItForTheArchive) {
  run_to_decision();
  ASSERT_TRUE(controller_->close());
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  EXPECT_TRUE(archive::verify_bag(bag->path));
  EXPECT_EQ(bag->path, dir_ / "cases" / "T01" / "FS-GXJ-2026-000001");
  EXPECT_EQ(controller_->current()->state, IntakeState::sealed);
  EXPECT_EQ(controller_->current()->seal_hash, bag->tagmanifest_sha256);

  auto queued = store_->outbox().all();
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ((*queued)[0].artifact, "cases/T01/FS-GXJ-2026-000001");
  EXPECT_EQ((*queued)[0].destination, kArchiveDestination);
  EXPECT_TRUE(store_->audit().verify());
  EXPECT_EQ(store_->audit().of_case("FS-GXJ-2026-000001")->back().event.kind, "case.sealed");
}

TEST_F(IntakeControllerTest, AfterARestartUnfinishedCasesAreSealedAsAbandoned) {
  run_to_decision();
  const std::string number = controller_->current()->number;
  // A new controller over the same store: the process that ran the intake is gone.
  IntakeController restarted = std::move(*IntakeController::create(*store_, clock_, config_));
  auto recovered = restarted.recover_unsealed();
  ASSERT_TRUE(recovered) << recovered.error().message();
  ASSERT_EQ(recovered->size(), 1u);
  auto stored = store_->cases().find(number);
  EXPECT_EQ((*stored)->state, IntakeState::sealed);
  EXPECT_EQ((*stored)->abandoned_in, IntakeState::decided);
  EXPECT_NE((*stored)->abandon_reason.find("restarted"), std::string::npos);
  EXPECT_TRUE(archive::verify_bag((*recovered)[0].path));
  EXPECT_TRUE(restarted.recover_unsealed()->empty());
}

documents::Templates shipped_templates() {
  return *documents::load_templates(std::string(KIOSK_SOURCE_ROOT) + "/assets/templates/documents.toml");
}

documents::Signature drawn_signature(const DocumentRef& proof) {
  const devices::PadGeometry pad{9600, 6000, 1023, 100, 100};
  documents::SignatureCapture capture("Wacom STU-430", pad);
  std::vector<devices::PenSample> samples;
  std::int64_t t = 0;
  for (const auto& stroke : devices::scripted_signature(pad, 2)) {
    for (const auto& point : stroke) samples.push_back({t += 5'000'000, point.x, point.y, point.pressure, true, true});
    samples.push_back({t += 5'000'000, 0, 0, 0, true, false});
  }
  capture.add(samples);
  return *capture.finish(proof.kind, proof.sha256, Instant{1'795'919'960'000, 480}, 0);
}

TEST_F(IntakeControllerTest, DocumentsAreFiledAsPdfAndTheSignatureIsBoundToTheProofAsIssued) {
  run_to_decision();
  const auto templates = shipped_templates();
  auto issued = controller_->issue_documents(templates);
  ASSERT_TRUE(issued) << issued.error().message();
  ASSERT_EQ(issued->size(), 3u);  // receipt, acceptance notice, proof of service
  const fs::path folder = controller_->files_folder(controller_->current()->number);
  for (const DocumentRef& document : *issued) {
    EXPECT_EQ(crypto::sha256_file(folder / document.file)->sha256, document.sha256) << document.file;
  }
  EXPECT_EQ(controller_->current()->state, IntakeState::documents_issued);
  const DocumentRef proof = issued->back();
  ASSERT_EQ(proof.kind, "proof_of_service");

  // A signature on another version of the proof is refused; the case is unchanged.
  DocumentRef other = proof;
  other.sha256 = std::string(64, '0');
  auto wrong = controller_->sign(drawn_signature(other), templates);
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("sign the document as issued"), std::string::npos);
  EXPECT_EQ(controller_->current()->state, IntakeState::documents_issued);

  ASSERT_TRUE(controller_->sign(drawn_signature(proof), templates));
  const Case& signed_case = *controller_->current();
  EXPECT_EQ(signed_case.state, IntakeState::service_signed);
  ASSERT_TRUE(signed_case.signature);
  EXPECT_EQ(signed_case.signature->document_sha256, proof.sha256);
  EXPECT_EQ(crypto::sha256_file(folder / signed_case.signature->file)->sha256, signed_case.signature->sha256);
  EXPECT_EQ(signed_case.documents.size(), 5u);  // and the signature's picture, and the signed proof
  ASSERT_TRUE(controller_->close());
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  for (const char* file : {"documents/material_receipt.pdf", "documents/acceptance_notice.pdf",
                           "documents/proof_of_service.pdf", "documents/proof_of_service_signed.pdf",
                           "signatures/proof_of_service.json", "signatures/proof_of_service.png"}) {
    EXPECT_TRUE(fs::exists(bag->path / "data" / file)) << file;
  }
  EXPECT_TRUE(archive::verify_bag(bag->path));
  EXPECT_FALSE(fs::exists(folder));  // the working copies went once the case file had them
}

TEST_F(IntakeControllerTest, ARefusalToSignIsWrittenOnTheProofWithItsWitness) {
  run_to_decision();
  const auto templates = shipped_templates();
  ASSERT_TRUE(controller_->issue_documents(templates));
  auto incomplete = controller_->refuse_to_sign("受送达人拒绝签名", "", templates);
  ASSERT_FALSE(incomplete);
  EXPECT_NE(incomplete.error().message().find("witness"), std::string::npos);
  ASSERT_TRUE(controller_->refuse_to_sign("受送达人拒绝签名", "王五", templates));
  const Case& record = *controller_->current();
  ASSERT_TRUE(record.signature);
  EXPECT_TRUE(record.signature->refused);
  EXPECT_EQ(record.signature->witness, "王五");
  EXPECT_EQ(record.documents.back().kind, "proof_of_service_refused");
  ASSERT_TRUE(controller_->close());
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  EXPECT_TRUE(fs::exists(bag->path / "data" / "documents" / "proof_of_service_refused.pdf"));
}

TEST_F(IntakeControllerTest, StepsWithoutAnIntakeSayWhatToDo) {
  auto result = controller_->identify(kiosk::testing::person());
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message().find("start a new intake"), std::string::npos);
}

// Recording with the simulated devices on a virtual clock, small frames for speed.
class RecordedIntakeTest : public IntakeControllerTest {
 protected:
  void SetUp() override {
    IntakeControllerTest::SetUp();
    config_.recording.width = 160;
    config_.recording.height = 120;
    config_.recording.segment_seconds = 10;
    config_.recording.pre_roll_seconds = 3;
    auto camera = std::make_unique<devices::SimulatedCamera>(time_);
    prepare(*camera);
    auto recording = CaseRecording::start(
        RecordingDevices{std::move(camera), std::make_unique<devices::SimulatedMicrophone>(time_, 0), time_},
        config_.recording, clock_, config_.terminal_id);
    ASSERT_TRUE(recording) << recording.error().message();
    controller_->set_recording(std::move(*recording));
  }
  void record_for(std::int64_t seconds) {
    const CaseRecording* recording = controller_->recording();
    ASSERT_NE(recording, nullptr);
    while (recording->encoded_until_ns() < recording->origin_ns() + seconds * 1'000'000'000) {
      ASSERT_FALSE(recording->failed());
    }
  }

  virtual void prepare(devices::SimulatedCamera&) {}

  std::shared_ptr<devices::SimulatedTime> time_ = devices::SimulatedTime::virtual_time(1'000'000'000'000);
};

// The camera is pulled out 4 s into the recording and plugged in again at 8 s.
class CameraOutageIntakeTest : public RecordedIntakeTest {
 protected:
  void prepare(devices::SimulatedCamera& camera) override {
    camera.unplug_between(time_->start_ns() + 4'000'000'000, time_->start_ns() + 8'000'000'000);
  }
};

TEST_F(CameraOutageIntakeTest, TheGapIsInTheCaseAuditAndTheRecordingGoesOn) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  const std::string number = controller_->current()->number;
  record_for(2);
  ASSERT_TRUE(controller_->recording()->health().camera.live);
  record_for(14);
  const media::RecorderHealth health = controller_->recording()->health();
  EXPECT_TRUE(health.camera.live) << "opened again when it came back";
  EXPECT_EQ(health.camera.gaps, 1);
  EXPECT_GE(health.camera.gap_ns, 4'000'000'000);
  EXPECT_TRUE(health.microphone.live);
  ASSERT_TRUE(controller_->identify(kiosk::testing::person()));
  ASSERT_TRUE(controller_->abandon("applicant left"));

  auto events = *store_->audit().of_case(number);
  const auto lost = std::find_if(events.begin(), events.end(),
                                 [](const ChainedAuditEvent& e) { return e.event.kind == "recording.source_lost"; });
  const auto back = std::find_if(events.begin(), events.end(), [](const ChainedAuditEvent& e) {
    return e.event.kind == "recording.source_restored";
  });
  ASSERT_NE(lost, events.end());
  ASSERT_NE(back, events.end());
  EXPECT_EQ(lost->event.actor, "system");
  EXPECT_EQ(lost->event.detail[0], (std::pair<std::string, std::string>{"source", "camera"}));
  EXPECT_EQ(back->event.detail[1].first, "gap_ms");
  EXPECT_GE(std::stoll(back->event.detail[1].second), 4000);
  EXPECT_LT(lost->event.at.unix_ms, back->event.at.unix_ms);
  EXPECT_TRUE(store_->audit().verify());
  // The media on both sides of the gap is registered and seals.
  std::int64_t frames = 0;
  for (const MediaSegmentRef& segment : controller_->current()->media) frames += segment.video_frames;
  EXPECT_GT(frames, 0);
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  EXPECT_TRUE(archive::verify_bag(bag->path));
}

TEST_F(RecordedIntakeTest, RecordsFromOpeningToClosingAndSealsTheMediaIntoTheCaseFile) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  ASSERT_NE(controller_->recording(), nullptr);
  ASSERT_TRUE(controller_->identify(kiosk::testing::person()));
  record_for(25);
  ASSERT_NE(controller_->recording()->preview(), nullptr) << "the UI has a live thumbnail";
  ASSERT_TRUE(controller_->add_material(kiosk::testing::material()));
  ASSERT_TRUE(controller_->decide(kiosk::testing::accepted()));
  ASSERT_TRUE(controller_->close());
  EXPECT_FALSE(controller_->recording()->writing()) << "closing ends the case's recording";

  const Case& record = *controller_->current();
  ASSERT_GE(record.media.size(), 3u) << "25 s in 10 s segments";
  std::int64_t frames = 0;
  for (std::size_t index = 0; index < record.media.size(); ++index) {
    EXPECT_EQ(record.media[index].sequence, static_cast<std::int32_t>(index + 1));
    EXPECT_GT(record.media[index].video_frames, 0);
    EXPECT_EQ(record.media[index].dropped_frames, 0);
    frames += record.media[index].video_frames;
  }
  EXPECT_GE(frames, 25 * 30);
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  auto verified = archive::verify_bag(bag->path);
  ASSERT_TRUE(verified);
  EXPECT_EQ(verified->payload_files, static_cast<std::int64_t>(1 + record.media.size()));
  EXPECT_TRUE(fs::exists(bag->path / "data" / "media" / "0001.mp4"));
  // Each registration has its audit event, and the store has the same register.
  auto events = *store_->audit().of_case(record.number);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const ChainedAuditEvent& e) { return e.event.kind == "media.registered"; }),
            static_cast<long>(record.media.size()));
  EXPECT_EQ((*store_->cases().find(record.number))->media, controller_->current()->media);
}

// The wall clock set back an hour, then forward a day, while the counter records: durations come from the
// monotonic clock, the register's wall labels from the one mapping made at the start — so the segments stay
// contiguous and as long as what was recorded, the case still closes and seals, and the audit chain verifies.
TEST_F(RecordedIntakeTest, AWallClockThatJumpsDoesNotBendTheRecordingOrItsRegister) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  const std::int64_t opened_wall_ms = clock_.now().unix_ms;
  ASSERT_TRUE(controller_->identify(kiosk::testing::person()));
  record_for(4);
  clock_.jump_wall_ms(-3'600'000);
  ASSERT_TRUE(controller_->add_material(kiosk::testing::material()));
  record_for(14);
  clock_.jump_wall_ms(24 * 3'600'000);
  ASSERT_TRUE(controller_->decide(kiosk::testing::accepted()));
  record_for(24);
  ASSERT_TRUE(controller_->close());

  const Case& record = *controller_->current();
  ASSERT_GE(record.media.size(), 3u);
  std::int64_t recorded_ns = 0;
  for (std::size_t index = 0; index < record.media.size(); ++index) {
    const MediaSegmentRef& segment = record.media[index];
    recorded_ns += segment.duration_ns;
    EXPECT_NEAR(static_cast<double>(segment.end_unix_ms - segment.start_unix_ms),
                static_cast<double>(segment.duration_ns) / 1e6, 2.0)
        << "segment " << segment.sequence << " is labelled longer or shorter than it is";
    if (index > 0) {
      EXPECT_NEAR(static_cast<double>(segment.start_unix_ms), static_cast<double>(record.media[index - 1].end_unix_ms),
                  100.0)
          << "segment " << segment.sequence << " does not follow the one before";
    }
  }
  EXPECT_GE(recorded_ns, 23'900'000'000);  // what was asked for, to the last frames in flight
  // Labelled from the wall time the recording started at, not from the clock's later jumps.
  EXPECT_NEAR(static_cast<double>(record.media.front().start_unix_ms), static_cast<double>(opened_wall_ms),
              (config_.recording.pre_roll_seconds + 1) * 1000.0);
  auto bag = controller_->seal();
  ASSERT_TRUE(bag) << bag.error().message();
  EXPECT_TRUE(archive::verify_bag(bag->path));
  EXPECT_TRUE(store_->audit().verify());
}

TEST_F(RecordedIntakeTest, MediaChangedAfterRegistrationIsRefusedAtSealing) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  record_for(2);
  ASSERT_TRUE(controller_->abandon("applicant left"));
  ASSERT_FALSE(controller_->current()->media.empty());
  const fs::path segment = dir_ / "recordings" / controller_->current()->number / "0001.mp4";
  std::ofstream(segment, std::ios::app) << "extra";
  auto bag = controller_->seal();
  ASSERT_FALSE(bag);
  EXPECT_NE(bag.error().message().find("not the file that was registered"), std::string::npos) << bag.error().message();
}

TEST_F(RecordedIntakeTest, AfterACrashUnfinishedAndUnregisteredSegmentsAreRegisteredAndSealed) {
  ASSERT_TRUE(controller_->open_case(kiosk::testing::staff(), "行政许可申请"));
  const std::string number = controller_->current()->number;
  record_for(25);
  ASSERT_TRUE(controller_->identify(kiosk::testing::person()));  // registers the segments closed so far
  const std::size_t registered = controller_->current()->media.size();
  ASSERT_GE(registered, 2u);
  // What a crash leaves: the recorder stops (here: cleanly), the register misses the last segments, and the last
  // file is still "….recording".
  const fs::path folder = dir_ / "recordings" / number;
  store::Store& store = *store_;
  controller_.reset();  // stops the recording without registering what closed last
  const fs::path last = folder / media::segment_file_name(static_cast<std::int32_t>(registered + 1));
  ASSERT_TRUE(fs::exists(last));
  fs::rename(last, fs::path(last.string() + ".recording"));

  IntakeController restarted = std::move(*IntakeController::create(store, clock_, config_));
  auto sealed = restarted.recover_unsealed();
  ASSERT_TRUE(sealed) << sealed.error().message();
  ASSERT_EQ(sealed->size(), 1u);
  auto record = *store.cases().find(number);
  EXPECT_EQ(record->state, IntakeState::sealed);
  EXPECT_EQ(record->media.size(), registered + 1) << "the repaired segment is registered after the others";
  EXPECT_FALSE(fs::exists(fs::path(last.string() + ".recording")));
  auto verified = archive::verify_bag((*sealed)[0].path);
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->payload_files, static_cast<std::int64_t>(1 + registered + 1));
}

// A full disk under a case's recording: the recordings folder is a 1 MiB tmpfs, mounted in a child process's own
// user and mount namespace. What was recorded is registered, the failure is on the case's record, and the case
// still closes and seals.
int full_disk_intake(const fs::path& data_dir, std::ostream& report) {
  Config config;
  config.data_dir = data_dir;
  config.recording.width = 640;
  config.recording.height = 360;
  config.recording.segment_seconds = 10;
  config.recording.pre_roll_seconds = 0;
  auto store = app::open_store(config);
  if (!store) return report << store.error().message(), 2;
  media::ManualClock clock{Instant{1'795'919'900'000, 480}};
  auto controller = IntakeController::create(*store, clock, config);
  auto time = devices::SimulatedTime::virtual_time(1'000'000'000'000);
  auto recording = CaseRecording::start(RecordingDevices{std::make_unique<devices::SimulatedCamera>(time),
                                                         std::make_unique<devices::SimulatedMicrophone>(time, 0), time},
                                        config.recording, clock, config.terminal_id);
  if (!recording) return report << recording.error().message(), 3;
  controller->set_recording(std::move(*recording));
  if (auto opened = controller->open_case(kiosk::testing::staff(), "行政许可申请"); !opened) {
    return report << opened.error().message(), 4;
  }
  const CaseRecording& case_recording = *controller->recording();
  while (case_recording.health().writing_error.empty()) {
    if (case_recording.encoded_until_ns() > case_recording.origin_ns() + 300'000'000'000) return 5;
    usleep(2000);
  }
  report << case_recording.health().writing_error << "\n";
  if (auto identified = controller->identify(kiosk::testing::person()); !identified) {
    return report << identified.error().message(), 6;
  }
  if (auto decided = controller->add_material(kiosk::testing::material()); !decided) return 7;
  if (auto decided = controller->decide(kiosk::testing::accepted()); !decided) return 8;
  if (auto closed = controller->close(); !closed) return report << closed.error().message(), 9;
  if (auto sealed = controller->seal(); !sealed) return report << sealed.error().message(), 10;
  return 0;
}

TEST(FullDiskIntake, WhatWasRecordedIsRegisteredAndTheCaseClosesWithTheFailureOnItsRecord) {
  TempDir dir;
  const fs::path recordings = dir.path() / "recordings";
  fs::create_directories(recordings);
  std::fflush(stdout);
  const pid_t child = fork();
  if (child == 0) {
    const auto uid = getuid();
    const auto gid = getgid();
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) _exit(99);
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
    if (mount("tmpfs", recordings.c_str(), "tmpfs", 0, "size=1m") != 0) _exit(99);
    std::ofstream report(dir.path() / "report.txt");
    const int code = full_disk_intake(dir.path(), report);
    report.close();
    _exit(code);
  }
  int status = 0;
  waitpid(child, &status, 0);
  std::stringstream report;
  report << std::ifstream(dir.path() / "report.txt").rdbuf();
  if (WIFEXITED(status) && WEXITSTATUS(status) == 99) GTEST_SKIP() << "no user namespaces here to mount a small disk";
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "step " << WEXITSTATUS(status) << ": " << report.str();
  EXPECT_NE(report.str().find("No space left on device"), std::string::npos) << report.str();

  auto store =
      store::Store::open(dir.path() / "kiosk.db", *crypto::PersonalDataKey::load(dir / "keys" / "personal.key"));
  ASSERT_TRUE(store);
  auto record = *store->cases().find("GXJ-2026-T01-000001");
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, IntakeState::sealed);
  EXPECT_GE(record->media.size(), 3u) << "the segments written before the disk was full";
  auto events = *store->audit().of_case(record->number);
  const auto failed = std::find_if(events.begin(), events.end(),
                                   [](const ChainedAuditEvent& e) { return e.event.kind == "recording.failed"; });
  ASSERT_NE(failed, events.end());
  EXPECT_NE(failed->event.detail[0].second.find("the disk is full"), std::string::npos);
  EXPECT_EQ(std::count_if(events.begin(), events.end(),
                          [](const ChainedAuditEvent& e) { return e.event.kind == "recording.failed"; }),
            1);
  EXPECT_TRUE(store->audit().verify());
  // The sealed case file (on the real disk) holds every registered segment, and verifies.
  const fs::path bag = dir.path() / "cases" / "T01" / record->number;
  auto verified = archive::verify_bag(bag);
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->payload_files, static_cast<std::int64_t>(1 + record->media.size()));
}

}  // namespace
}  // namespace kiosk::app
