#include "kiosk/app/config.h"

#include <gtest/gtest.h>

namespace kiosk::app {
namespace {

TEST(Config, EmptyTextGivesTheDefaults) {
  auto config = parse_config("", "empty.toml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->terminal_id, Config{}.terminal_id);
  EXPECT_EQ(config->data_dir, Config{}.data_dir);
}

TEST(Config, TheShippedFileStatesEveryDefault) {
  auto shipped = load_config(std::string(KIOSK_SOURCE_ROOT) + "/packaging/kiosk.toml");
  ASSERT_TRUE(shipped) << shipped.error().message();
  const Config defaults;
  EXPECT_EQ(shipped->terminal_id, defaults.terminal_id);
  EXPECT_EQ(shipped->agency, defaults.agency);
  EXPECT_EQ(shipped->case_number_pattern, defaults.case_number_pattern);
  EXPECT_EQ(shipped->file_type, defaults.file_type);
  EXPECT_EQ(shipped->data_dir, defaults.data_dir);
  EXPECT_EQ(shipped->reserve_bytes, defaults.reserve_bytes);
  EXPECT_EQ(shipped->simulate, defaults.simulate);
  EXPECT_EQ(shipped->log_level, defaults.log_level);
  EXPECT_EQ(shipped->camera, defaults.camera);
  EXPECT_EQ(shipped->microphone, defaults.microphone);
  EXPECT_EQ(shipped->recording.width, defaults.recording.width);
  EXPECT_EQ(shipped->recording.height, defaults.recording.height);
  EXPECT_EQ(shipped->recording.fps, defaults.recording.fps);
  EXPECT_EQ(shipped->recording.segment_seconds, defaults.recording.segment_seconds);
  EXPECT_EQ(shipped->recording.pre_roll_seconds, defaults.recording.pre_roll_seconds);
  EXPECT_EQ(shipped->recording.video_encoder, defaults.recording.video_encoder);
  EXPECT_EQ(shipped->recording.x264_preset, defaults.recording.x264_preset);
  EXPECT_EQ(shipped->recording.x264_crf, defaults.recording.x264_crf);
  EXPECT_EQ(shipped->recording.audio_bitrate, defaults.recording.audio_bitrate);
  EXPECT_EQ(shipped->recording.overlay, defaults.recording.overlay);
  EXPECT_EQ(shipped->recording.overlay_font, defaults.recording.overlay_font);
  EXPECT_EQ(shipped->idcard.transport, defaults.idcard.transport);
  EXPECT_EQ(shipped->idcard.vendor, defaults.idcard.vendor);
  EXPECT_EQ(shipped->idcard.product, defaults.idcard.product);
  EXPECT_EQ(shipped->idcard.serial_number, defaults.idcard.serial_number);
  EXPECT_EQ(shipped->idcard.serial_port, defaults.idcard.serial_port);
  EXPECT_EQ(shipped->idcard.out_endpoint, defaults.idcard.out_endpoint);
  EXPECT_EQ(shipped->idcard.in_endpoint, defaults.idcard.in_endpoint);
  EXPECT_EQ(shipped->idcard.header_out_endpoint, defaults.idcard.header_out_endpoint);
  EXPECT_EQ(shipped->idcard.header_in_endpoint, defaults.idcard.header_in_endpoint);
  EXPECT_EQ(shipped->idcard.wlt_decoder, defaults.idcard.wlt_decoder);
  EXPECT_EQ(shipped->printer.vendor, defaults.printer.vendor);
  EXPECT_EQ(shipped->printer.product, defaults.printer.product);
  EXPECT_EQ(shipped->printer.serial_number, defaults.printer.serial_number);
  EXPECT_EQ(shipped->printer.width_dots, defaults.printer.width_dots);
  EXPECT_EQ(shipped->printer.out_endpoint, defaults.printer.out_endpoint);
  EXPECT_EQ(shipped->printer.in_endpoint, defaults.printer.in_endpoint);
  EXPECT_EQ(shipped->sigpad.vendor, defaults.sigpad.vendor);
  EXPECT_EQ(shipped->sigpad.product, defaults.sigpad.product);
  EXPECT_EQ(shipped->sigpad.serial_number, defaults.sigpad.serial_number);
  EXPECT_EQ(shipped->sigpad.interface, defaults.sigpad.interface);
  EXPECT_EQ(shipped->sigpad.in_endpoint, defaults.sigpad.in_endpoint);
  EXPECT_EQ(shipped->archive.sink, defaults.archive.sink);
  EXPECT_EQ(shipped->archive.directory, defaults.archive.directory);
  EXPECT_EQ(shipped->archive.deadline_days, defaults.archive.deadline_days);
  EXPECT_EQ(shipped->archive.warn_days, defaults.archive.warn_days);
  EXPECT_EQ(shipped->archive.retry_base_seconds, defaults.archive.retry_base_seconds);
  EXPECT_EQ(shipped->archive.retry_cap_seconds, defaults.archive.retry_cap_seconds);
  EXPECT_EQ(shipped->archive.local_retention_days, defaults.archive.local_retention_days);
  EXPECT_EQ(shipped->archive.sm3_manifest, defaults.archive.sm3_manifest);
  EXPECT_EQ(shipped->archive.s3_endpoint, defaults.archive.s3_endpoint);
  EXPECT_EQ(shipped->archive.s3_bucket, defaults.archive.s3_bucket);
  EXPECT_EQ(shipped->archive.s3_region, defaults.archive.s3_region);
  EXPECT_EQ(shipped->archive.s3_access_key, defaults.archive.s3_access_key);
  EXPECT_EQ(shipped->archive.s3_secret_key_file, defaults.archive.s3_secret_key_file);
  EXPECT_EQ(shipped->archive.s3_ca_file, defaults.archive.s3_ca_file);
  EXPECT_EQ(shipped->archive.s3_client_cert, defaults.archive.s3_client_cert);
  EXPECT_EQ(shipped->archive.s3_client_key, defaults.archive.s3_client_key);
  EXPECT_EQ(shipped->archive.lock_mode, defaults.archive.lock_mode);
  EXPECT_EQ(shipped->archive.retain_days, defaults.archive.retain_days);
  EXPECT_EQ(shipped->archive.lock_on_multipart, defaults.archive.lock_on_multipart);
  EXPECT_EQ(shipped->ui.applicant_view, defaults.ui.applicant_view);
  EXPECT_EQ(shipped->ui.fullscreen, defaults.ui.fullscreen);
  EXPECT_EQ(shipped->ui.language, defaults.ui.language);
  EXPECT_EQ(shipped->ui.staff_file, defaults.ui.staff_file);
  EXPECT_EQ(shipped->ui.idle_signout_minutes, defaults.ui.idle_signout_minutes);
}

TEST(Config, UiKeysAreChecked) {
  auto config = parse_config(
      "[ui]\napplicant_view = \"panel\"\nfullscreen = false\nlanguage = \"en\"\nstaff_file = \"/etc/s.toml\"\n"
      "idle_signout_minutes = 0\n",
      "k.toml");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_FALSE(config->ui.fullscreen);
  EXPECT_EQ(config->ui.language, "en");
  EXPECT_EQ(config->staff_file(), "/etc/s.toml");
  EXPECT_EQ(config->ui.idle_signout_minutes, 0);
  EXPECT_EQ(Config{}.staff_file(), Config{}.data_dir / "staff.toml");
  auto language = parse_config("[ui]\nlanguage = \"fr\"\n", "k.toml");
  ASSERT_FALSE(language);
  EXPECT_NE(language.error().message().find("ui.language"), std::string::npos);
  EXPECT_FALSE(parse_config("[ui]\napplicant_view = \"hologram\"\n", "k.toml"));
  EXPECT_FALSE(parse_config("[ui]\nidle_signout_minutes = -1\n", "k.toml"));
}

TEST(Config, DeviceKeysAreChecked) {
  auto config = parse_config(
      "[devices.idcard]\ntransport = \"serial\"\nusb_id = \"1A86:7523\"\nserial_port = \"/dev/ttyACM0\"\n"
      "header_out_endpoint = 0x02\nin_endpoint = 0x83\n[devices.printer]\nusb_id = \"0483:5720\"\nwidth_dots = 576\n",
      "k.toml");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->idcard.transport, "serial");
  EXPECT_EQ(config->idcard.vendor, 0x1A86);
  EXPECT_EQ(config->idcard.product, 0x7523);
  EXPECT_EQ(config->idcard.serial_port, "/dev/ttyACM0");
  EXPECT_EQ(config->idcard.header_out_endpoint, 0x02);
  EXPECT_EQ(config->idcard.in_endpoint, 0x83);
  EXPECT_EQ(config->printer.vendor, 0x0483);
  EXPECT_EQ(config->printer.width_dots, 576u);
  auto id = parse_config("[devices.printer]\nusb_id = \"0483-5720\"\n", "k.toml");
  ASSERT_FALSE(id);
  EXPECT_NE(id.error().message().find("devices.printer.usb_id must be VID:PID"), std::string::npos);
  auto width = parse_config("[devices.printer]\nwidth_dots = 500\n", "k.toml");
  ASSERT_FALSE(width);
  EXPECT_NE(width.error().message().find("384 (58 mm paper) or 576"), std::string::npos);
  auto endpoint = parse_config("[devices.idcard]\nin_endpoint = 0x01\n", "k.toml");
  ASSERT_FALSE(endpoint);
  EXPECT_NE(endpoint.error().message().find("IN endpoint address"), std::string::npos);
  EXPECT_FALSE(parse_config("[devices.idcard]\ntransport = \"bluetooth\"\n", "k.toml"));
  EXPECT_FALSE(parse_config("[devices.idcard]\nserial_port = \"ttyUSB0\"\n", "k.toml"));
}

TEST(Config, ReadsEveryKey) {
  auto config = parse_config(R"(
[terminal]
id = "HALL-3"
agency = "某区行政审批局"
[case]
number_pattern = "SP-{year}-{seq:05}"
file_type = "收件案卷"
[storage]
data_dir = "/srv/kiosk"
[devices]
simulate = true
[log]
level = "debug"
)",
                             "k.toml");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->terminal_id, "HALL-3");
  EXPECT_EQ(config->agency, "某区行政审批局");
  EXPECT_EQ(config->case_number_pattern, "SP-{year}-{seq:05}");
  EXPECT_EQ(config->file_type, "收件案卷");
  EXPECT_EQ(config->data_dir, "/srv/kiosk");
  EXPECT_TRUE(config->simulate);
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->database_path(), "/srv/kiosk/kiosk.db");
}

TEST(Config, AnUnknownKeyIsNamedWithItsLine) {
  auto config = parse_config("[terminal]\nid = \"T01\"\nidd = \"T02\"\n", "k.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("k.toml (line 3): unknown key terminal.idd"), std::string::npos)
      << config.error().message();
}

TEST(Config, AWrongTypeIsNamedWithItsLine) {
  auto config = parse_config("\n[devices]\nsimulate = \"yes\"\n", "k.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("(line 3): devices.simulate must be true or false"), std::string::npos)
      << config.error().message();
}

TEST(Config, WrongValuesSayWhatIsAllowed) {
  auto pattern = parse_config("[case]\nnumber_pattern = \"NO-SEQUENCE\"\n", "k.toml");
  ASSERT_FALSE(pattern);
  EXPECT_NE(pattern.error().message().find("case.number_pattern"), std::string::npos);
  EXPECT_NE(pattern.error().message().find("exactly one {seq}"), std::string::npos);

  auto relative = parse_config("[storage]\ndata_dir = \"data\"\n", "k.toml");
  ASSERT_FALSE(relative);
  EXPECT_NE(relative.error().message().find("absolute path"), std::string::npos);

  EXPECT_FALSE(parse_config("[terminal]\nid = \"a/b\"\n", "k.toml"));
  auto reserve = parse_config("[storage]\nreserve_mb = 10\n", "k.toml");
  ASSERT_FALSE(reserve);
  EXPECT_NE(reserve.error().message().find("64 to 1048576"), std::string::npos);
  auto larger = parse_config("[storage]\nreserve_mb = 2048\n", "k.toml");
  ASSERT_TRUE(larger) << larger.error().message();
  EXPECT_EQ(larger->reserve_bytes, 2048ULL << 20);
  EXPECT_FALSE(parse_config("[log]\nlevel = \"loud\"\n", "k.toml"));
}

TEST(Config, RecordingValuesAreChecked) {
  auto config = parse_config("[recording]\nwidth = 640\nheight = 360\nfps = 25\nsegment_seconds = 60\n", "k.toml");
  ASSERT_TRUE(config) << config.error().message();
  EXPECT_EQ(config->recording.width, 640u);
  EXPECT_EQ(config->recording.fps, 25u);
  EXPECT_EQ(config->recording.segment_seconds, 60);
  auto odd = parse_config("[recording]\nwidth = 641\n", "k.toml");
  ASSERT_FALSE(odd);
  EXPECT_NE(odd.error().message().find("recording.width must be even"), std::string::npos) << odd.error().message();
  EXPECT_FALSE(parse_config("[recording]\nvideo_encoder = \"nvenc\"\n", "k.toml"));
  EXPECT_FALSE(parse_config("[recording]\nsegment_seconds = 5\n", "k.toml"));
  auto overlay = parse_config("[recording]\noverlay = false\noverlay_font = \"/srv/fonts/simsun.ttc\"\n", "k.toml");
  ASSERT_TRUE(overlay) << overlay.error().message();
  EXPECT_FALSE(overlay->recording.overlay);
  EXPECT_EQ(overlay->recording.overlay_font, "/srv/fonts/simsun.ttc");
  auto font = parse_config("[recording]\noverlay_font = \"simsun.ttc\"\n", "k.toml");
  ASSERT_FALSE(font);
  EXPECT_NE(font.error().message().find("recording.overlay_font must be an absolute path"), std::string::npos)
      << font.error().message();
}

TEST(Config, ASyntaxErrorGivesItsLine) {
  auto config = parse_config("[terminal]\nid = \"T01\n", "k.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("(line 2)"), std::string::npos) << config.error().message();
}

TEST(Config, AMissingFileSaysHowToGiveOne) {
  auto config = load_config("/nonexistent/kiosk.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("--config"), std::string::npos);
}

}  // namespace
}  // namespace kiosk::app
