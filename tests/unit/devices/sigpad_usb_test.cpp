// The signature pad driver through the real libusb, against the pad simulator behind umockdev: the report
// descriptor is read with GET_DESCRIPTOR, pen reports come as interrupt IN URBs, the STU's commands go as HID
// SET_REPORT requests.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "devices/sigpad/hid_signature_pad.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "support/usb_testbed.h"

namespace kiosk::devices {
namespace {

using namespace std::chrono_literals;

// The simulator as a USB HID peer.
class PadPeer final : public testing::UsbPeer {
 public:
  explicit PadPeer(SignaturePadSimulator& pad) : pad_(pad) {}
  void out(std::uint8_t, std::span<const std::uint8_t>) override {}
  std::vector<std::uint8_t> in(std::uint8_t, std::size_t most) override {
    auto report = pad_.next_report(0ms);
    if (!report) return {};
    report->bytes.resize(std::min(report->bytes.size(), most));
    return report->bytes;
  }
  std::optional<std::vector<std::uint8_t>> control(std::span<const std::uint8_t> setup,
                                                   std::span<const std::uint8_t> data) override {
    const std::uint8_t type = setup[0];
    const std::uint8_t request = setup[1];
    const std::uint8_t id = setup[2];
    const std::uint8_t kind = setup[3];
    if (type == 0x81 && request == 0x06 && kind == 0x22) return pad_.report_descriptor();
    if (type == 0xA1 && request == 0x01 && kind == 0x03) {
      auto answer = pad_.get_feature(id);
      if (answer.empty()) return std::nullopt;
      return answer;
    }
    if (type == 0x21 && request == 0x09 && kind == 0x03) {
      ++set_reports;
      if (!pad_.set_feature(data)) return std::nullopt;
      return std::vector<std::uint8_t>{};
    }
    return std::nullopt;
  }
  int set_reports = 0;

 private:
  SignaturePadSimulator& pad_;
};

std::vector<PenSample> collect(SignaturePad& pad, std::size_t at_least) {
  std::vector<PenSample> all;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (all.size() < at_least && std::chrono::steady_clock::now() < deadline) {
    auto taken = pad.take_samples();
    EXPECT_TRUE(taken) << taken.error().message();
    if (!taken) break;
    all.insert(all.end(), taken->begin(), taken->end());
    std::this_thread::sleep_for(5ms);
  }
  return all;
}

std::size_t tip_down(const std::vector<PenSample>& samples) {
  return static_cast<std::size_t>(std::count_if(samples.begin(), samples.end(), [](auto& s) { return s.tip; }));
}

class SignaturePadOverUsb : public ::testing::Test {
 protected:
  void plug(SimulatedPadKind kind) {
    simulator_ = std::make_unique<SignaturePadSimulator>(kind);
    peer_ = std::make_unique<PadPeer>(*simulator_);
    testbed_.plug(testing::UsbDeviceSpec{simulator_->vendor(), simulator_->product(), 0x03, {0x81}, "", true},
                  peer_.get());
    auto context = usb::Context::create();
    ASSERT_TRUE(context) << context.error().message();
    pad_ = std::make_unique<HidSignaturePad>(std::make_unique<UsbHidTransport>(
        *context, usb::DeviceMatch{simulator_->vendor(), simulator_->product(), "", 0}));
  }

  testing::UsbTestbed testbed_;
  std::unique_ptr<SignaturePadSimulator> simulator_;
  std::unique_ptr<PadPeer> peer_;
  std::unique_ptr<HidSignaturePad> pad_;
};

TEST_F(SignaturePadOverUsb, AGenericDigitizerIsReadFromItsDescriptor) {
  plug(SimulatedPadKind::hid_digitizer);
  ASSERT_TRUE(pad_->begin_capture());
  EXPECT_EQ(pad_->model(), "HID digitizer 1209:5167");
  EXPECT_EQ(pad_->geometry().max_x, 20000);
  EXPECT_EQ(pad_->status().state, DeviceState::busy);
  const auto strokes = scripted_signature(pad_->geometry(), 2);
  simulator_->sign(strokes, 0);
  const std::size_t expected = strokes[0].size() + strokes[1].size();
  const auto samples = collect(*pad_, expected + 2 * 2 + 1);
  ASSERT_TRUE(pad_->end_capture());
  EXPECT_EQ(tip_down(samples), expected);
  // The points are the scripted ones, in order, stamped on arrival with a clock that does not go back.
  std::vector<PenSample> down;
  std::copy_if(samples.begin(), samples.end(), std::back_inserter(down), [](auto& s) { return s.tip; });
  ASSERT_EQ(down.size(), expected);
  EXPECT_EQ(down[0].x, strokes[0][0].x);
  EXPECT_EQ(down[0].y, strokes[0][0].y);
  EXPECT_EQ(down[0].pressure, strokes[0][0].pressure);
  EXPECT_EQ(down.back().x, strokes[1].back().x);
  for (std::size_t i = 1; i < samples.size(); ++i) EXPECT_GE(samples[i].monotonic_ns, samples[i - 1].monotonic_ns);
  EXPECT_FALSE(samples.back().in_range);  // the pen went away at the end
  EXPECT_EQ(pad_->dropped_reports(), 0u);
  EXPECT_EQ(pad_->status().state, DeviceState::ready);
}

TEST_F(SignaturePadOverUsb, ReportsThatDoNotMatchTheDescriptorAreDroppedAndCounted) {
  plug(SimulatedPadKind::hid_digitizer);
  ASSERT_TRUE(pad_->begin_capture());
  simulator_->send_raw({0x02, 0x01, 0x10}, 0);                   // cut short
  simulator_->send_raw({0x07, 0, 0, 0, 0, 0, 0, 0}, 0);          // a report id the pad never described
  simulator_->sign({{ScriptedPoint{0, 100, 200, 300}}}, 0);      // one good point among them
  simulator_->send_raw(std::vector<std::uint8_t>(20, 0x02), 0);  // too long
  const auto samples = collect(*pad_, 3);
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (pad_->dropped_reports() < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  ASSERT_TRUE(pad_->end_capture());
  EXPECT_EQ(pad_->dropped_reports(), 3u);
  ASSERT_EQ(tip_down(samples), 1u);
}

TEST_F(SignaturePadOverUsb, AWacomStuIsClearedInkedAndDecodedByItsReportNumbers) {
  plug(SimulatedPadKind::wacom_stu430);
  ASSERT_TRUE(pad_->begin_capture());
  EXPECT_EQ(pad_->model(), "Wacom STU-430");
  EXPECT_EQ(pad_->geometry().max_x, 9600);  // from its capability report
  EXPECT_NEAR(pad_->geometry().x_units_per_mm, 100.0, 1e-9);
  EXPECT_EQ(simulator_->screen_clears(), 1);
  EXPECT_TRUE(simulator_->inking());
  const auto strokes = scripted_signature(pad_->geometry(), 1);
  simulator_->sign(strokes, 0);
  auto samples = collect(*pad_, strokes[0].size() + 3);
  EXPECT_EQ(tip_down(samples), strokes[0].size());
  // "Sign again": the pad's screen is wiped.
  ASSERT_TRUE(pad_->clear());
  EXPECT_EQ(simulator_->screen_clears(), 2);
  ASSERT_TRUE(pad_->end_capture());
  EXPECT_FALSE(simulator_->inking());
  EXPECT_EQ(peer_->set_reports, 4);  // clear, inking on, clear, inking off
  EXPECT_EQ(pad_->dropped_reports(), 0u);
}

TEST_F(SignaturePadOverUsb, APadPulledOutIsAnErrorThatSaysSo) {
  plug(SimulatedPadKind::hid_digitizer);
  ASSERT_TRUE(pad_->begin_capture());
  testbed_.unplug();
  Expected<std::vector<PenSample>> taken = std::vector<PenSample>{};
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (taken && std::chrono::steady_clock::now() < deadline) {
    taken = pad_->take_samples();
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(taken);
  EXPECT_NE(taken.error().message().find("sign again"), std::string::npos) << taken.error().message();
  EXPECT_EQ(pad_->status().state, DeviceState::absent);
  EXPECT_TRUE(pad_->end_capture());
}

TEST(SignaturePadAbsent, OpeningAPadThatIsNotThereSaysNotPluggedIn) {
  auto context = usb::Context::create();
  ASSERT_TRUE(context);
  HidSignaturePad pad(std::make_unique<UsbHidTransport>(*context, usb::DeviceMatch{0x1209, 0x5167, "", 0}));
  auto begun = pad.begin_capture();
  ASSERT_FALSE(begun);
  EXPECT_EQ(pad.status().state, DeviceState::absent);
}

}  // namespace
}  // namespace kiosk::devices
