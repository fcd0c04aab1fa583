// The receipt printer: ESC/POS bytes and status, the test page raster, and the driver through the real libusb
// against the printer simulator behind umockdev — what it prints parses back to the very dots we rendered.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "devices/printer/escpos.h"
#include "devices/printer/escpos_printer.h"
#include "devices/printer/escpos_simulator.h"
#include "devices/printer/raster.h"
#include "support/usb_testbed.h"

namespace kiosk::devices {
namespace {

TEST(EscPos, StatusBytesAreReadBitByBit) {
  escpos::PrinterStatus status;
  ASSERT_TRUE(escpos::apply_status(1, 0x12, status));
  ASSERT_TRUE(escpos::apply_status(4, 0x12, status));
  EXPECT_TRUE(status.can_print());
  EXPECT_EQ(status.describe(), "ready");
  ASSERT_TRUE(escpos::apply_status(4, 0x1E, status));
  EXPECT_TRUE(status.paper_near_end);
  EXPECT_TRUE(status.can_print());
  ASSERT_TRUE(escpos::apply_status(4, 0x72, status));
  EXPECT_TRUE(status.paper_out);
  EXPECT_FALSE(status.can_print());
  EXPECT_NE(status.describe().find("paper out"), std::string::npos);
  escpos::PrinterStatus cover;
  ASSERT_TRUE(escpos::apply_status(2, 0x16, cover));
  EXPECT_TRUE(cover.cover_open);
  EXPECT_NE(cover.describe().find("cover is open"), std::string::npos);
  escpos::PrinterStatus cutter;
  ASSERT_TRUE(escpos::apply_status(3, 0x1A, cutter));
  EXPECT_TRUE(cutter.cutter_error);
  // Not a status byte: its fixed bits are wrong.
  auto garbage = escpos::apply_status(1, 0xFF, status);
  ASSERT_FALSE(garbage);
  EXPECT_NE(garbage.error().message().find("not a status byte"), std::string::npos);
  EXPECT_FALSE(escpos::apply_status(7, 0x12, status));
}

TEST(EscPos, AJobIsInitRasterBandsFeedAndCut) {
  RasterImage image{16, 300, std::vector<std::uint8_t>(2 * 300, 0xA5)};
  const auto bytes = escpos::job(image);
  EXPECT_EQ(escpos::band_count(image), 3u);
  ASSERT_GE(bytes.size(), 2u + 3 * 8 + 600 + 3 + 4);
  EXPECT_EQ(bytes[0], 0x1B);
  EXPECT_EQ(bytes[1], 0x40);
  // GS v 0 0, 2 bytes a row, 128 rows.
  EXPECT_EQ((std::vector<std::uint8_t>(bytes.begin() + 2, bytes.begin() + 10)),
            (std::vector<std::uint8_t>{0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x80, 0x00}));
  EXPECT_EQ((std::vector<std::uint8_t>(bytes.end() - 4, bytes.end())),
            (std::vector<std::uint8_t>{0x1D, 0x56, 0x42, 0x00}));
  // The simulator reads it back to the same dots.
  EscPosPrinterSimulator printer(16);
  printer.receive_bytes(bytes);
  ASSERT_EQ(printer.pages().size(), 1u);
  EXPECT_EQ(printer.pages()[0].rows, image.rows);
  EXPECT_EQ(printer.unknown_bytes(), 0u);
}

TEST(TestPage, IsDrawnAtThePrintersWidthWithTextAndAQrCode) {
  for (std::uint32_t width : {384u, 576u}) {
    auto page = render_test_page(width, TestPageInfo{"T01", "(simulated)", "2026-11-29 13:31"});
    ASSERT_TRUE(page) << page.error().message();
    EXPECT_EQ(page->width_dots, width);
    EXPECT_GT(page->height_dots, 300u);
    EXPECT_EQ(page->rows.size(), std::size_t{width / 8} * page->height_dots);
    const auto black = std::count_if(page->rows.begin(), page->rows.end(), [](std::uint8_t b) { return b != 0; });
    EXPECT_GT(black, 500) << "text and a QR code were drawn";
    // Drawn the same way twice: the same dots.
    EXPECT_EQ(page->rows, render_test_page(width, TestPageInfo{"T01", "(simulated)", "2026-11-29 13:31"})->rows);
  }
  EXPECT_FALSE(RasterCanvas::create(100));
}

class PrinterPeer final : public testing::UsbPeer {
 public:
  explicit PrinterPeer(EscPosPrinterSimulator& printer) : printer_(printer) {}
  void out(std::uint8_t, std::span<const std::uint8_t> bytes) override { printer_.receive_bytes(bytes); }
  std::vector<std::uint8_t> in(std::uint8_t, std::size_t most) override { return printer_.take_answer_bytes(most); }

 private:
  EscPosPrinterSimulator& printer_;
};

// The USB printer class: interface 7, bulk OUT 0x01, bulk IN 0x82.
const testing::UsbDeviceSpec kPrinter{0x0416, 0x5011, 0x07, {0x01, 0x82}, ""};

class PrinterOverUsb : public ::testing::Test {
 protected:
  void SetUp() override {
    testbed_.plug(kPrinter, &peer_);
    auto context = usb::Context::create();
    ASSERT_TRUE(context);
    printer_ = std::make_unique<EscPosPrinter>(
        std::make_unique<UsbPrinterTransport>(*context, usb::DeviceMatch{0x0416, 0x5011, "", 0}), 384,
        std::chrono::milliseconds(300));
    page_ = *render_test_page(384, TestPageInfo{"T01", "USB 0416:5011", "2026-11-29 13:31"});
  }

  EscPosPrinterSimulator simulator_{384};
  PrinterPeer peer_{simulator_};
  testing::UsbTestbed testbed_;
  std::unique_ptr<EscPosPrinter> printer_;
  RasterImage page_;
};

TEST_F(PrinterOverUsb, TheTestPagePrintsBackToTheSameDots) {
  auto status = printer_->query_status();
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_TRUE(status->can_print());
  EXPECT_EQ(printer_->status().state, DeviceState::ready);
  auto printed = printer_->print(page_);
  ASSERT_TRUE(printed) << printed.error().message();
  const auto pages = simulator_.pages();
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_EQ(pages[0].height_dots, page_.height_dots);
  EXPECT_EQ(pages[0].rows, page_.rows);
  EXPECT_EQ(simulator_.unknown_bytes(), 0u);

  // And a QR reader reads the code on the printed page (zbarimg, from zbar-tools).
  const std::string pbm = std::string(KIOSK_TEST_BINARY_DIR) + "/printed_test_page.pbm";
  {
    std::ofstream out(pbm, std::ios::binary);
    out << "P4\n" << pages[0].width_dots << " " << pages[0].height_dots << "\n";
    out.write(reinterpret_cast<const char*>(pages[0].rows.data()), static_cast<std::streamsize>(pages[0].rows.size()));
  }
  const std::string command = "zbarimg -q --raw " + pbm + " 2>/dev/null";
  FILE* reader = popen(command.c_str(), "r");
  ASSERT_NE(reader, nullptr);
  char decoded[256] = {};
  const std::size_t length = std::fread(decoded, 1, sizeof decoded - 1, reader);
  pclose(reader);
  EXPECT_EQ(std::string(decoded, length), "kiosk:test-page:T01\n");
}

TEST_F(PrinterOverUsb, ACoverOpenHoldsTheJobUntilResume) {
  simulator_.set_cover_open(true);
  auto refused = printer_->print(page_);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("cover is open"), std::string::npos) << refused.error().message();
  EXPECT_TRUE(printer_->job_held());
  EXPECT_FALSE(printer_->print(page_)) << "a new job waits for the held one";
  simulator_.set_cover_open(false);
  auto resumed = printer_->resume();
  ASSERT_TRUE(resumed) << resumed.error().message();
  EXPECT_FALSE(printer_->job_held());
  ASSERT_EQ(simulator_.pages().size(), 1u);
  EXPECT_EQ(simulator_.pages()[0].rows, page_.rows);
}

TEST_F(PrinterOverUsb, PaperOutMidJobHoldsItAndResumePrintsItWhole) {
  simulator_.load_paper(200);  // less than the page
  auto ran_out = printer_->print(page_);
  ASSERT_FALSE(ran_out);
  EXPECT_NE(ran_out.error().message().find("paper ran out"), std::string::npos) << ran_out.error().message();
  EXPECT_TRUE(printer_->job_held());
  EXPECT_EQ(printer_->status().state, DeviceState::fault);
  EXPECT_TRUE(simulator_.pages().empty());
  simulator_.load_paper(100000);
  ASSERT_EQ(simulator_.torn().size(), 1u);
  EXPECT_EQ(simulator_.torn()[0].height_dots, 200u) << "what was printed before the paper ran out";
  auto resumed = printer_->resume();
  ASSERT_TRUE(resumed) << resumed.error().message();
  ASSERT_EQ(simulator_.pages().size(), 1u);
  EXPECT_EQ(simulator_.pages()[0].rows, page_.rows);
}

TEST_F(PrinterOverUsb, UnpluggedItSaysSoAndPluggedInAgainItPrints) {
  testbed_.unplug();
  auto gone = printer_->print(page_);
  ASSERT_FALSE(gone);
  EXPECT_EQ(printer_->status().state, DeviceState::absent) << printer_->status().detail;
  EXPECT_NE(gone.error().message().find("0416:5011"), std::string::npos) << gone.error().message();
  testbed_.plug(kPrinter, &peer_);
  auto resumed = printer_->resume();
  ASSERT_TRUE(resumed) << resumed.error().message();
  ASSERT_EQ(simulator_.pages().size(), 1u);
  EXPECT_EQ(simulator_.pages()[0].rows, page_.rows);
}

// The cable is pulled halfway through a page: the job fails naming the unplugged printer, and plugged in again the
// printer is first brought out of the band it was waiting for (escpos::after_cut_off: the spoilt half leaves as a
// slip of its own), then the same job prints whole.
TEST_F(PrinterOverUsb, PulledOutMidPageTheJobPrintsWholeWhenItIsBack) {
  ASSERT_TRUE(printer_->query_status());
  testbed_.unplug_after_out_bytes(page_.rows.size() / 2);
  auto cut = printer_->print(page_);
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message().find("0416:5011"), std::string::npos) << cut.error().message();
  EXPECT_EQ(printer_->status().state, DeviceState::absent) << printer_->status().detail;
  EXPECT_TRUE(simulator_.pages().empty());
  testbed_.unplug();
  testbed_.plug(kPrinter, &peer_);
  auto resumed = printer_->resume();
  ASSERT_TRUE(resumed) << resumed.error().message();
  const auto pages = simulator_.pages();
  ASSERT_EQ(pages.size(), 2u) << "the spoilt slip, then the whole receipt";
  EXPECT_LT(pages[0].height_dots, page_.height_dots);
  EXPECT_EQ(pages[1].rows, page_.rows);
  EXPECT_EQ(simulator_.unknown_bytes(), 0u);
}

}  // namespace
}  // namespace kiosk::devices
