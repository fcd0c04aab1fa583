// `kiosk doctor` on a terminal with real drivers (no --simulate): the receipt printer answers through the real
// libusb from its simulator behind umockdev, and its cover is open; no ID card reader is plugged in. Each says so
// on its own line, with what to do; with the cover shut, the printer's line is ok.
#include <gtest/gtest.h>

#include <algorithm>

#include "devices/printer/escpos_simulator.h"
#include "kiosk/app/doctor.h"
#include "support/temp_dir.h"
#include "support/usb_testbed.h"

namespace kiosk::app {
namespace {

class PrinterPeer final : public kiosk::testing::UsbPeer {
 public:
  explicit PrinterPeer(devices::EscPosPrinterSimulator& printer) : printer_(printer) {}
  void out(std::uint8_t, std::span<const std::uint8_t> bytes) override { printer_.receive_bytes(bytes); }
  std::vector<std::uint8_t> in(std::uint8_t, std::size_t most) override { return printer_.take_answer_bytes(most); }

 private:
  devices::EscPosPrinterSimulator& printer_;
};

DoctorLine line_of_check(const std::vector<DoctorLine>& lines, const std::string& check) {
  const auto line =
      std::find_if(lines.begin(), lines.end(), [&](const DoctorLine& each) { return each.check == check; });
  EXPECT_NE(line, lines.end()) << check;
  return line == lines.end() ? DoctorLine{} : *line;
}

TEST(DoctorOverUsb, TheRealDriversSayWhatIsWrongWithEachDevice) {
  devices::EscPosPrinterSimulator printer(384);
  PrinterPeer peer(printer);
  kiosk::testing::UsbTestbed testbed;
  testbed.plug(kiosk::testing::UsbDeviceSpec{0x0416, 0x5011, 0x07, {0x01, 0x82}, ""}, &peer);
  printer.set_cover_open(true);

  kiosk::testing::TempDir dir;
  Config config;  // the printer's and the reader's default VID:PID
  config.data_dir = dir / "data";
  DoctorOptions options;
  options.listen = std::chrono::milliseconds(200);
  options.display.video_driver = "offscreen";
  // libcamera's and ALSA's device scans open more files than umockdev's preload keeps track of.
  options.only = {"printer", "id card reader", "signature pad"};
  std::vector<DoctorLine> lines = run_doctor(config, options);

  const DoctorLine cover = line_of_check(lines, "printer");
  EXPECT_EQ(cover.verdict, Verdict::fail);
  EXPECT_NE(cover.detail.find("cover is open"), std::string::npos) << cover.detail;
  EXPECT_NE(cover.remedy.find("close the cover"), std::string::npos) << cover.remedy;
  const DoctorLine reader = line_of_check(lines, "id card reader");
  EXPECT_EQ(reader.verdict, Verdict::fail) << reader.detail;
  EXPECT_FALSE(reader.remedy.empty());
  const DoctorLine pad = line_of_check(lines, "signature pad");
  EXPECT_EQ(pad.verdict, Verdict::fail) << pad.detail;
  EXPECT_EQ(lines.size(), 3u) << "only the checks asked for";
  EXPECT_TRUE(any_failed(lines));

  printer.set_cover_open(false);
  lines = run_doctor(config, options);
  const DoctorLine ready = line_of_check(lines, "printer");
  EXPECT_EQ(ready.verdict, Verdict::ok) << ready.detail << " → " << ready.remedy;
  EXPECT_EQ(ready.detail, "ready, 384 dots wide");
}

}  // namespace
}  // namespace kiosk::app
