// Before SDL starts: the display and touch the kiosk would use, on a made-up /dev and /sys (sysfs capability
// bitmaps as the kernel writes them), with access(2) stood in for, since tests run as root.
#include "kiosk/app/display_access.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "support/temp_dir.h"

namespace kiosk::app {
namespace {

namespace fs = std::filesystem;

class DisplayAccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    environment_.dev_root = dir_ / "dev";
    environment_.sys_root = dir_ / "sys";
    environment_.can_access = [this](const fs::path& path, int) { return !denied_.contains(path.string()); };
  }
  void add_card() {
    fs::create_directories(dir_ / "dev" / "dri");
    std::ofstream(dir_ / "dev" / "dri" / "card0");
  }
  // An input device with its capability bitmaps (hex words, the most significant first).
  void add_input(const std::string& node, const std::string& name, const std::string& abs, const std::string& key,
                 const std::string& rel) {
    const fs::path device = dir_ / "sys" / "class" / "input" / node / "device";
    fs::create_directories(device / "capabilities");
    std::ofstream(device / "name") << name << "\n";
    std::ofstream(device / "capabilities" / "abs") << abs << "\n";
    std::ofstream(device / "capabilities" / "key") << key << "\n";
    std::ofstream(device / "capabilities" / "rel") << rel << "\n";
    fs::create_directories(dir_ / "dev" / "input");
    std::ofstream(dir_ / "dev" / "input" / node);
  }
  std::string node(const std::string& relative) { return (dir_ / "dev" / relative).string(); }

  kiosk::testing::TempDir dir_;
  DisplayEnvironment environment_;
  std::set<std::string> denied_;
};

TEST_F(DisplayAccessTest, NoDisplayAtAllIsSaidWithWhatToDo) {
  auto access = check_display_access(environment_);
  ASSERT_FALSE(access);
  EXPECT_NE(access.error().message().find("no display"), std::string::npos) << access.error().message();
  EXPECT_NE(access.error().message().find("cage"), std::string::npos);
}

TEST_F(DisplayAccessTest, KmsdrmNeedsTheCardAndATouchScreenItMayRead) {
  add_card();
  denied_.insert(node("dri/card0"));
  auto card = check_display_access(environment_);
  ASSERT_FALSE(card);
  EXPECT_NE(card.error().message().find("video and render"), std::string::npos) << card.error().message();
  denied_.clear();

  // A keyboard only (EV_KEY, no absolute axes, no relative ones): the kiosk would draw and take no touch.
  add_input("event0", "AT Translated Set 2 keyboard", "0",
            "402000000 3803078f800d001 feffffdfffefffff fffffffffffffffe", "0");
  auto keyboard = check_display_access(environment_);
  ASSERT_FALSE(keyboard);
  EXPECT_NE(keyboard.error().message().find("no touch screen"), std::string::npos) << keyboard.error().message();

  // A multi-touch screen: ABS_MT_POSITION_X (0x35) is bit 53 of the first word.
  add_input("event3", "ILITEK ILITEK-TP", "661800001000003", "400 0 0 0 0 0", "0");
  denied_.insert(node("input/event3"));
  auto unreadable = check_display_access(environment_);
  ASSERT_FALSE(unreadable);
  EXPECT_NE(unreadable.error().message().find("group input"), std::string::npos) << unreadable.error().message();
  EXPECT_NE(unreadable.error().message().find("ILITEK"), std::string::npos);
  denied_.clear();

  auto ready = check_display_access(environment_);
  ASSERT_TRUE(ready) << ready.error().message();
  EXPECT_EQ(ready->display, "KMSDRM " + node("dri/card0"));
  EXPECT_EQ(ready->input, "touch screen ILITEK ILITEK-TP (" + node("input/event3") + ")");
}

TEST_F(DisplayAccessTest, AMouseServesWhereThereIsNoTouchScreen) {
  add_card();
  // REL_X and REL_Y; BTN_LEFT (0x110) is bit 16 of the fifth word.
  add_input("event5", "Logitech USB Optical Mouse", "0", "1f0000 0 0 0 0", "143");
  auto ready = check_display_access(environment_);
  ASSERT_TRUE(ready) << ready.error().message();
  EXPECT_EQ(ready->input, "pointer Logitech USB Optical Mouse (" + node("input/event5") + ")");
}

TEST_F(DisplayAccessTest, UnderACompositorItsSocketMustBeThere) {
  environment_.wayland_display = "wayland-0";
  environment_.runtime_dir = (dir_ / "run").string();
  auto missing = check_display_access(environment_);
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("is cage running"), std::string::npos) << missing.error().message();
  fs::create_directories(dir_ / "run");
  std::ofstream(dir_ / "run" / "wayland-0");
  auto ready = check_display_access(environment_);
  ASSERT_TRUE(ready) << ready.error().message();
  EXPECT_EQ(ready->display, "Wayland wayland-0");
  EXPECT_EQ(ready->input, "from the compositor");

  environment_.runtime_dir.clear();
  EXPECT_FALSE(check_display_access(environment_));
}

TEST_F(DisplayAccessTest, ADriverAskedForIsTakenAtItsWord) {
  environment_.video_driver = "offscreen";
  EXPECT_TRUE(check_display_access(environment_));
  environment_.video_driver = "directfb";
  auto unknown = check_display_access(environment_);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("not one the kiosk supports"), std::string::npos);
  environment_.video_driver = "x11";
  EXPECT_FALSE(check_display_access(environment_)) << "x11 without DISPLAY";
}

}  // namespace
}  // namespace kiosk::app
