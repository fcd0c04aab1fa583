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
  EXPECT_EQ(shipped->simulate, defaults.simulate);
  EXPECT_EQ(shipped->log_level, defaults.log_level);
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
  EXPECT_FALSE(parse_config("[log]\nlevel = \"loud\"\n", "k.toml"));
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
