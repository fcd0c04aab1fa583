// A whole intake by touch, headless: sign-in with the PIN on the keypad, a card read through the simulated reader,
// materials from the catalog, the decision, documents printed on the simulated printer, the applicant's signature
// on the simulated pad with its live ink on the applicant's panel, the rating, and the case sealed — asserting the
// counter's state after each step and saving a picture of each screen.
#include <gtest/gtest.h>

#include "kiosk/app/store_access.h"
#include "kiosk/archive/archive.h"
#include "kiosk/crypto/terminal_key.h"
#include "kiosk/store/store.h"
#include "support/ui_driver.h"

namespace kiosk::ui {
namespace {

using kiosk::testing::TempDir;
using kiosk::testing::UiDriver;

bool reddish(const std::uint8_t* pixel) {
  return pixel[0] > 150 && pixel[1] < 80 && pixel[2] < 80;
}
bool white(const std::uint8_t* pixel) {
  return pixel[0] > 230 && pixel[1] > 230 && pixel[2] > 230;
}
bool ink(const std::uint8_t* pixel) {
  return pixel[0] < 90 && pixel[1] < 90 && pixel[2] < 120;
}

TEST(KioskUi, AWholeIntakeByTouch) {
  TempDir dir;
  const app::Config config = kiosk::testing::simulated_config(dir.path());
  UiDriver driver(config);

  // Every simulated device answers through its real driver, so the status bar is all green.
  ASSERT_TRUE(driver.wait_for([](const auto& s) {
    return s.status.devices.size() == 5 &&
           std::all_of(s.status.devices.begin(), s.status.devices.end(),
                       [](const auto& line) { return line.status.state == devices::DeviceState::ready; });
  })) << driver.snapshot()->status.devices[2].status.detail;

  // Sign-in: nobody is signed in; a wrong PIN is refused with a message, the right one lets the staff in.
  ASSERT_TRUE(driver.visible("signin.staff.S001"));
  driver.screenshot("01-sign-in");
  ASSERT_TRUE(driver.tap("signin.staff.S001"));
  driver.type_digits("signin.pin", "999999");
  ASSERT_TRUE(driver.tap("signin.submit"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.error.empty() && s.busy.empty(); }));
  EXPECT_FALSE(driver.snapshot()->staff);
  driver.type_digits("signin.pin", "123456");
  ASSERT_TRUE(driver.tap("signin.submit"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.staff.has_value(); }));
  EXPECT_EQ(driver.snapshot()->staff->staff.name, "李明");
  EXPECT_TRUE(driver.snapshot()->staff->pin_hash.empty());  // the hash never reaches the screen
  driver.screenshot("02-home");

  // A new intake of the first type of matter: the case is open and recorded.
  ASSERT_TRUE(driver.tap("home.matter.0"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake.has_value(); }));
  EXPECT_EQ(driver.snapshot()->intake->matter_type, "行政许可申请");
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.status.recording; }));
  // The next step cannot be taken before the party is known, and the screen says why.
  EXPECT_TRUE(driver.visible("party.confirm"));
  EXPECT_FALSE(driver.tap("party.confirm"));

  // The applicant's card on the reader: the party panel fills; the phone on the keypad; confirmed.
  ASSERT_TRUE(driver.tap("party.read_card"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.card_party.has_value(); }));
  driver.type_digits("party.phone", "13800138000");
  driver.screenshot("03-party");
  ASSERT_TRUE(driver.tap("party.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->state == IntakeState::identified; }));
  const Case identified = *driver.snapshot()->intake;
  EXPECT_EQ(identified.party->source, IdentitySource::id_card_reader);
  EXPECT_EQ(identified.party->phone, "13800138000");

  // Two materials from the catalog, the first as two copies.
  ASSERT_TRUE(driver.tap("catalog.0"));
  ASSERT_TRUE(driver.tap("material.copies.plus"));
  ASSERT_TRUE(driver.tap("material.add"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->materials.size() == 1; }));
  ASSERT_TRUE(driver.tap("catalog.1"));
  ASSERT_TRUE(driver.tap("material.add"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->materials.size() == 2; }));
  const auto materials = driver.snapshot()->intake->materials;
  EXPECT_EQ(materials[0].name, "行政许可申请书");
  EXPECT_EQ(materials[0].copies, 2);
  EXPECT_EQ(materials[0].pages, 2);
  EXPECT_EQ(materials[1].form, MaterialForm::copy);
  driver.screenshot("04-materials");
  // The applicant's panel shows the recording notice: a red banner with white text.
  EXPECT_GT(driver.share_of("applicant.recorded", reddish), 0.5);
  EXPECT_GT(driver.share_of("applicant.recorded", white), 0.02);

  // Accept.
  ASSERT_TRUE(driver.tap("materials.done"));
  ASSERT_TRUE(driver.tap("decision.accepted"));
  ASSERT_TRUE(driver.tap("decision.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->state == IntakeState::decided; }));

  // The documents, filed and printed.
  ASSERT_TRUE(driver.tap("documents.issue"));
  ASSERT_TRUE(
      driver.wait_for([](const auto& s) { return s.intake && s.intake->state == IntakeState::documents_issued; }));
  EXPECT_GE(driver.snapshot()->intake->documents.size(), 3u);  // receipt, acceptance notice, proof of service
  // Each document can be looked at as printed: the receipt's slip is dark print on white.
  ASSERT_EQ(driver.snapshot()->previews.size(), 3u);
  EXPECT_EQ(driver.snapshot()->previews[0].kind, "material_receipt");
  EXPECT_EQ(driver.snapshot()->previews[2].kind, "proof_of_service");
  ASSERT_TRUE(driver.tap("documents.show.material_receipt"));
  EXPECT_GT(driver.share_of("documents.preview", ink), 0.01);
  EXPECT_GT(driver.share_of("documents.preview", white), 0.5);
  // The applicant reads the proof of service they are asked to sign.
  EXPECT_GT(driver.share_of("applicant.document", white), 0.5);
  driver.screenshot("05-documents");

  // The applicant signs on the pad; the ink appears on their panel as it is drawn; the staff confirm.
  ASSERT_TRUE(driver.tap("sign.start"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.signing && s.ink.size() >= 3; }));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.ink.empty(); }));
  EXPECT_GT(driver.share_of("applicant.ink", ink), 0.002);
  driver.screenshot("06-signature");
  ASSERT_TRUE(driver.tap("sign.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->state == IntakeState::service_signed; }))
      << driver.snapshot()->error;
  EXPECT_FALSE(driver.snapshot()->intake->signature->refused);

  // The applicant rates the service on their panel; the staff close the intake; the case file is sealed.
  ASSERT_TRUE(driver.tap("rating.satisfied"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.rating == app::Rating::satisfied; }));
  driver.screenshot("07-rating");
  ASSERT_TRUE(driver.tap("intake.close"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.intake && !s.sealed_number.empty(); }));
  const std::string number = driver.snapshot()->sealed_number;
  driver.screenshot("08-done");

  auto key = crypto::TerminalKey::load_or_create(config.terminal_key_path());
  ASSERT_TRUE(key);
  const auto report = archive::verify_case(config.cases_root() / config.terminal_id / number, *key);
  ASSERT_TRUE(report) << report.error().message();
  auto store = app::open_store(config);
  ASSERT_TRUE(store);
  auto events = store->audit().of_case(number);
  ASSERT_TRUE(events);
  bool rated = false;
  bool printed = false;
  for (const auto& chained : *events) {
    rated = rated || chained.event.kind == "applicant.rated";
    printed = printed || chained.event.kind == "document.printed";
  }
  EXPECT_TRUE(rated);
  EXPECT_TRUE(printed);

  // The archive queue shows the case.
  ASSERT_TRUE(driver.tap("nav.archive"));
  ASSERT_TRUE(driver.wait_for([&](const auto& s) {
    return std::any_of(s.archive.begin(), s.archive.end(),
                       [&](const auto& entry) { return entry.case_number == number; });
  }));
  driver.screenshot("09-archive");

  // Intake staff cannot review; a supervisor can, saying why: the case's files are whole, its recording plays,
  // and both accesses are audit events with who and why.
  EXPECT_FALSE(driver.visible("nav.review"));
  ASSERT_TRUE(driver.tap("nav.sign_out"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.staff; }));
  ASSERT_TRUE(driver.sign_in("S002", "234567"));
  ASSERT_TRUE(driver.tap("nav.review"));
  ASSERT_TRUE(driver.tap("review.pick.0"));
  EXPECT_FALSE(driver.tap("review.open"));  // not without a reason
  driver.type_text("review.reason", "投诉核查 complaint check");
  ASSERT_TRUE(driver.tap("review.open"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.review.has_value(); })) << driver.snapshot()->error;
  const app::CaseReview review = *driver.snapshot()->review;
  EXPECT_EQ(review.record.number, number);
  EXPECT_EQ(review.reason, "投诉核查 complaint check");
  ASSERT_GE(review.documents.size(), 4u);  // three documents, the signed proof, the pen data
  for (const auto& file : review.documents) EXPECT_TRUE(file.intact) << file.file;
  ASSERT_FALSE(review.media.empty());
  for (const auto& file : review.media) EXPECT_TRUE(file.intact) << file.file;
  ASSERT_TRUE(driver.tap("review.play.0"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.playback && s.playback->position_seconds > 0.5; }))
      << driver.snapshot()->error;
  ASSERT_TRUE(driver.wait_for([&](const auto&) { return driver.visible("review.picture"); }));
  driver.screenshot("12-review");
  auto reviewed = store->audit().of_case(number);
  ASSERT_TRUE(reviewed);
  int review_events = 0;
  for (const auto& chained : *reviewed) {
    if (chained.event.kind == "case.reviewed" || chained.event.kind == "case.recording_played") {
      ++review_events;
      EXPECT_EQ(chained.event.actor, "S002");
    }
  }
  EXPECT_EQ(review_events, 2);
}

// A second display facing the applicant (ui.applicant_view = "window"): the applicant's own window shows the
// recording notice and what was received, and takes the applicant's rating by touch.
TEST(KioskUi, TheApplicantsOwnWindow) {
  TempDir dir;
  app::Config config = kiosk::testing::simulated_config(dir.path());
  config.ui.applicant_view = "window";
  UiDriver driver(config);
  ASSERT_NE(driver.ui().applicant_platform(), nullptr);
  EXPECT_NE(driver.ui().applicant_platform()->window_id(), driver.ui().platform().window_id());
  ASSERT_TRUE(driver.sign_in("S001", "123456"));
  ASSERT_TRUE(driver.tap("home.matter.0"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake.has_value() && s.status.recording; }));
  ASSERT_TRUE(driver.wait_for([&](const auto&) { return driver.visible("applicant.recorded"); }));
  EXPECT_EQ(ui::targets().last().at("applicant.recorded").window, 1);
  EXPECT_GT(driver.share_of("applicant.recorded", reddish), 0.5);
  // The staff console has no applicant panel now: the whole width is the console's.
  EXPECT_EQ(ui::targets().last().at("party.read_card").window, 0);
  ASSERT_TRUE(driver.tap("party.read_card"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.card_party.has_value(); }));
  driver.type_digits("party.phone", "13800138000");
  ASSERT_TRUE(driver.tap("party.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->party.has_value(); }));
  ASSERT_TRUE(driver.tap("catalog.2"));
  ASSERT_TRUE(driver.tap("material.add"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->materials.size() == 1; }));
  driver.screenshot("13-applicant-window");
}

// An organization as the party, with its agent read from the agent's ID card and the rest typed in.
TEST(KioskUi, AnOrganizationWithItsAgent) {
  TempDir dir;
  UiDriver driver(kiosk::testing::simulated_config(dir.path()));
  ASSERT_TRUE(driver.sign_in("S001", "123456"));
  ASSERT_TRUE(driver.tap("home.matter.0"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake.has_value(); }));
  ASSERT_TRUE(driver.tap("party.organization_kind"));
  ASSERT_TRUE(driver.tap("party.read_card"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.card_party.has_value(); }));
  driver.type_text("party.organization.field", "示例科技有限公司");
  driver.type_text("party.credit_code.field", "91440101MA5XXXXX0X");
  driver.type_text("party.address.field", "广州市天河区示例路2号");
  driver.type_text("party.agent_title.field", "行政主管");
  driver.type_digits("party.phone", "02012345678");
  driver.screenshot("14-organization");
  ASSERT_TRUE(driver.tap("party.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->party.has_value(); }))
      << driver.snapshot()->error;
  const Party party = *driver.snapshot()->intake->party;
  EXPECT_EQ(party.kind, PartyKind::organization);
  EXPECT_EQ(party.name, "示例科技有限公司");
  EXPECT_EQ(party.id_kind, IdDocumentKind::unified_social_credit_code);
  ASSERT_TRUE(party.agent.has_value());
  EXPECT_EQ(party.agent->name, driver.snapshot()->card_party->name);
  EXPECT_EQ(party.agent->title, "行政主管");
  EXPECT_EQ(party.source, IdentitySource::id_card_reader);
}

// A person typed in by hand: the name and address through the IME, the ID number (with its X) on the keypad.
TEST(KioskUi, APersonEnteredByHand) {
  TempDir dir;
  UiDriver driver(kiosk::testing::simulated_config(dir.path()));
  ASSERT_TRUE(driver.sign_in("S001", "123456"));
  ASSERT_TRUE(driver.tap("home.matter.1"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake.has_value(); }));
  ASSERT_TRUE(driver.tap("party.manual"));
  ASSERT_TRUE(driver.tap("party.keypad_id"));
  driver.type_digits("party.id", "11010519491231002");
  ASSERT_TRUE(driver.tap("party.id.X"));
  driver.type_text("party.name.field", "王小明");
  driver.type_text("party.address.field", "广东省广州市越秀区示例街3号");
  ASSERT_TRUE(driver.tap("party.keypad_phone"));
  driver.type_digits("party.phone", "13912345678");
  ASSERT_TRUE(driver.tap("party.confirm"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake && s.intake->party.has_value(); }))
      << driver.snapshot()->error;
  const Party party = *driver.snapshot()->intake->party;
  EXPECT_EQ(party.name, "王小明");
  EXPECT_EQ(party.id_number, "11010519491231002X");
  EXPECT_EQ(party.phone, "13912345678");
  EXPECT_EQ(party.source, IdentitySource::manual_entry);
}

// Chinese first, English at a tap, and back.
TEST(KioskUi, TheLanguageSwitchesWhileRunning) {
  TempDir dir;
  UiDriver driver(kiosk::testing::simulated_config(dir.path()));
  EXPECT_EQ(driver.ui().translations().language(), "zh_CN");
  ASSERT_TRUE(driver.tap("nav.language"));
  EXPECT_EQ(driver.ui().translations().language(), "en");
  driver.screenshot("10-sign-in-english");
  ASSERT_TRUE(driver.tap("nav.language"));
  EXPECT_EQ(driver.ui().translations().language(), "zh_CN");
}

// Five wrong PINs lock the account, even against the right PIN; others still sign in; the lock is an audit event.
TEST(KioskUi, FiveWrongPinsLockTheAccount) {
  TempDir dir;
  const app::Config config = kiosk::testing::simulated_config(dir.path());
  UiDriver driver(config);
  ASSERT_TRUE(driver.tap("signin.staff.S002"));
  for (std::uint64_t attempt = 1; attempt <= 6; ++attempt) {
    driver.type_digits("signin.pin", attempt == 6 ? "234567" : "111111");
    ASSERT_TRUE(driver.tap("signin.submit"));
    ASSERT_TRUE(driver.wait_for([&](const auto& s) { return s.commands_done >= attempt && s.busy.empty(); }));
    EXPECT_FALSE(driver.snapshot()->staff) << "attempt " << attempt;
  }
  EXPECT_NE(driver.snapshot()->error.find("S002 is locked"), std::string::npos) << driver.snapshot()->error;
  ASSERT_TRUE(driver.sign_in("S001", "123456"));
  auto store = app::open_store(config);
  ASSERT_TRUE(store);
  auto events = store->audit().of_case("");
  ASSERT_TRUE(events);
  int failed = 0;
  int locked = 0;
  for (const auto& chained : *events) {
    failed += chained.event.kind == "staff.sign_in_failed" ? 1 : 0;
    locked += chained.event.kind == "staff.locked" ? 1 : 0;
  }
  EXPECT_EQ(failed, 4);
  EXPECT_EQ(locked, 1);
}

// A lock is kept in the database: restarting the kiosk does not lift it. A supervisor lifts it on the review
// screen, with a reason, and the account signs in again; the unlock is an audit event with who and why.
TEST(KioskUi, ALockSurvivesARestartAndASupervisorLiftsIt) {
  TempDir dir;
  const app::Config config = kiosk::testing::simulated_config(dir.path());
  {
    UiDriver driver(config);
    ASSERT_TRUE(driver.tap("signin.staff.S001"));
    for (std::uint64_t attempt = 1; attempt <= 5; ++attempt) {
      driver.type_digits("signin.pin", "999999");
      ASSERT_TRUE(driver.tap("signin.submit"));
      ASSERT_TRUE(driver.wait_for([&](const auto& s) { return s.commands_done >= attempt && s.busy.empty(); }));
    }
    EXPECT_EQ(driver.snapshot()->locked_staff, std::vector<std::string>{"S001"});
  }
  UiDriver driver(config);
  EXPECT_EQ(driver.snapshot()->locked_staff, std::vector<std::string>{"S001"}) << "the restart lifted the lock";
  ASSERT_TRUE(driver.tap("signin.staff.S001"));
  driver.type_digits("signin.pin", "123456");
  ASSERT_TRUE(driver.tap("signin.submit"));
  ASSERT_TRUE(driver.wait_for([&](const auto& s) { return s.commands_done >= 1 && s.busy.empty(); }));
  EXPECT_FALSE(driver.snapshot()->staff);
  EXPECT_NE(driver.snapshot()->error.find("S001 is locked"), std::string::npos) << driver.snapshot()->error;

  ASSERT_TRUE(driver.sign_in("S002", "234567"));
  ASSERT_TRUE(driver.tap("nav.review"));
  driver.frames(2);
  ASSERT_TRUE(driver.visible("review.unlock.S001"));
  driver.type_text("review.reason", "本人到场核实 verified in person");
  ASSERT_TRUE(driver.tap("review.unlock.S001"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.locked_staff.empty() && s.busy.empty(); }));
  EXPECT_EQ(driver.snapshot()->error, "");
  ASSERT_TRUE(driver.tap("nav.sign_out"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.staff; }));
  ASSERT_TRUE(driver.sign_in("S001", "123456"));

  auto store = app::open_store(config);
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->staff().failures()->empty());
  auto events = *store->audit().of_case("");
  const auto unlocked = std::find_if(events.begin(), events.end(),
                                     [](const auto& chained) { return chained.event.kind == "staff.unlocked"; });
  ASSERT_NE(unlocked, events.end());
  EXPECT_EQ(unlocked->event.actor, "S002");
  EXPECT_EQ(unlocked->event.detail, (std::vector<std::pair<std::string, std::string>>{
                                        {"staff_id", "S001"}, {"reason", "本人到场核实 verified in person"}}));
}

// Staff cannot reach the technician's settings; a technician can, and may close the kiosk.
TEST(KioskUi, SettingsAreForTechnicians) {
  TempDir dir;
  UiDriver driver(kiosk::testing::simulated_config(dir.path()));
  ASSERT_TRUE(driver.sign_in("S001", "123456"));
  ASSERT_TRUE(driver.tap("nav.settings"));
  EXPECT_FALSE(driver.visible("settings.quit"));
  ASSERT_TRUE(driver.tap("nav.sign_out"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.staff; }));

  ASSERT_TRUE(driver.sign_in("T900", "900900"));
  ASSERT_TRUE(driver.tap("nav.settings"));
  // The microphone's level meter moves with the simulated tone; the camera's picture is there.
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.status.microphone_peak_dbfs > -30; }));
  EXPECT_TRUE(driver.visible("settings.microphone"));
  ASSERT_TRUE(driver.wait_for([&](const auto&) { return driver.visible("settings.camera"); }));
  ASSERT_TRUE(driver.tap("settings.test_page"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.busy.empty() && s.commands_done >= 2; }));
  EXPECT_EQ(driver.snapshot()->error, "");
  // The terminal check: the doctor's own lines (not the devices', which the counter holds), shown on the screen.
  ASSERT_TRUE(driver.tap("settings.check"));
  ASSERT_TRUE(driver.wait_for([](const auto& s) { return !s.checks.empty() && s.busy.empty(); }));
  const auto checks = driver.snapshot()->checks;
  ASSERT_EQ(checks.size(), 8u);
  EXPECT_EQ(checks.front().check, "data");
  for (const app::DoctorLine& line : checks) {
    EXPECT_NE(line.verdict, app::Verdict::fail) << line.check << ": " << line.detail;
  }
  ASSERT_TRUE(driver.wait_for([&](const auto&) { return driver.visible("settings.checks"); }));
  driver.screenshot("11-settings");
  ASSERT_TRUE(driver.tap("settings.quit"));
  EXPECT_FALSE(driver.ui().frame());  // the kiosk closes
}

// An intake open when the kiosk is stopped (SIGTERM) is sealed as interrupted, never lost.
TEST(KioskUi, AStoppedKioskSealsTheOpenIntakeAsInterrupted) {
  TempDir dir;
  const app::Config config = kiosk::testing::simulated_config(dir.path());
  std::string number;
  {
    UiDriver driver(config);
    ASSERT_TRUE(driver.sign_in("S001", "123456"));
    ASSERT_TRUE(driver.tap("home.matter.1"));
    ASSERT_TRUE(driver.wait_for([](const auto& s) { return s.intake.has_value(); }));
    number = driver.snapshot()->intake->number;
    // A second and more of the intake is recorded before the stop.
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(1500);
    ASSERT_TRUE(driver.wait_for([&](const auto&) { return std::chrono::steady_clock::now() > until; }));
    ASSERT_TRUE(driver.counter().shutdown("the kiosk was stopped (SIGTERM) during the intake"));
  }
  auto store = app::open_store(config);
  ASSERT_TRUE(store);
  auto record = store->cases().find(number);
  ASSERT_TRUE(record && *record);
  EXPECT_EQ((*record)->state, IntakeState::sealed);
  EXPECT_EQ((*record)->abandon_reason, "the kiosk was stopped (SIGTERM) during the intake");
  EXPECT_FALSE((*record)->media.empty());  // the recording up to the stop is kept
}

}  // namespace
}  // namespace kiosk::ui
