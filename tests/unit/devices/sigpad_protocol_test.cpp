// The signature pad's protocol, without a device: report descriptors (ours, and descriptors shaped like the
// pads on the market: report ids, padding, usage ranges, signed values), reports decoded from them, reports that
// do not match, and the Wacom STU reports.
#include <gtest/gtest.h>

#include "devices/sigpad/hid_descriptor.h"
#include "devices/sigpad/sigpad_simulator.h"
#include "devices/sigpad/wacom_stu.h"

namespace kiosk::devices {
namespace {

TEST(HidDescriptor, TheSimulatedDigitizerIsReadFromItsDescriptor) {
  SignaturePadSimulator pad;
  auto layout = hid::parse_pen_layout(pad.report_descriptor());
  ASSERT_TRUE(layout) << layout.error().message();
  ASSERT_EQ(layout->reports.size(), 1u);
  const hid::PenReport& report = layout->reports[0];
  EXPECT_TRUE(layout->report_ids);
  EXPECT_EQ(report.report_id, 2);
  EXPECT_EQ(report.bytes, 8u);
  EXPECT_EQ(report.tip->bit_offset, 0u);
  EXPECT_EQ(report.in_range->bit_offset, 1u);
  EXPECT_EQ(report.x.bit_offset, 8u);
  EXPECT_EQ(report.x.bit_size, 16u);
  EXPECT_EQ(report.y.bit_offset, 24u);
  EXPECT_EQ(report.pressure->bit_offset, 40u);
  EXPECT_EQ(report.pressure->logical_max, 2047);
  const PadGeometry geometry = hid::geometry_of(*layout);
  EXPECT_EQ(geometry.max_x, 20000);
  EXPECT_EQ(geometry.max_y, 12000);
  EXPECT_EQ(geometry.max_pressure, 2047);
  EXPECT_DOUBLE_EQ(geometry.x_units_per_mm, 100.0);  // 20000 over 200 mm
  EXPECT_DOUBLE_EQ(geometry.y_units_per_mm, 100.0);

  const std::vector<std::uint8_t> bytes{0x02, 0x03, 0x10, 0x27, 0x88, 0x13, 0x00, 0x04};
  const auto sample = hid::decode(*layout, bytes);
  ASSERT_TRUE(sample);
  EXPECT_TRUE(sample->tip);
  EXPECT_TRUE(sample->in_range);
  EXPECT_EQ(sample->x, 10000);
  EXPECT_EQ(sample->y, 5000);
  EXPECT_EQ(sample->pressure, 1024);
}

// A descriptor with no report ids, a mouse-like report before the pen's usages, a usage range, a signed X with a
// negative minimum, and 4 bits of padding between the switches and X — the decoder finds each channel by usage.
TEST(HidDescriptor, ChannelsAreFoundByUsageWhereverTheyAre) {
  const std::vector<std::uint8_t> descriptor{
      0x05, 0x0D, 0x09, 0x02, 0xA1, 0x01,              // Digitizer / Pen / Application
      0x09, 0x42, 0x09, 0x44, 0x09, 0x45, 0x09, 0x32,  // Tip Switch, Barrel Switch, Eraser, In Range
      0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x04,
      0x81, 0x02, 0x75, 0x04, 0x95, 0x01, 0x81, 0x01,  // 4 bits constant
      0x05, 0x01, 0x19, 0x30, 0x29, 0x31,              // Generic Desktop, Usage Minimum X .. Maximum Y
      0x16, 0x18, 0xFC, 0x26, 0xE8, 0x03,              // Logical −1000 .. 1000
      0x75, 0x10, 0x95, 0x02, 0x81, 0x02,              // X, Y: 16 bits each
      0x05, 0x0D, 0x09, 0x30, 0x15, 0x00, 0x26, 0xFF,
      0x00, 0x75, 0x08, 0x95, 0x01, 0x81, 0x02, 0xC0};
  auto layout = hid::parse_pen_layout(descriptor);
  ASSERT_TRUE(layout) << layout.error().message();
  EXPECT_FALSE(layout->report_ids);
  const hid::PenReport& report = layout->reports[0];
  EXPECT_EQ(report.bytes, 6u);
  EXPECT_EQ(report.in_range->bit_offset, 3u);
  EXPECT_EQ(report.x.bit_offset, 8u);
  EXPECT_EQ(report.y.bit_offset, 24u);
  EXPECT_EQ(report.x.logical_min, -1000);
  EXPECT_FALSE(report.x.units_per_mm());  // no physical size given
  // X = −500 (0xFE0C), Y = 250, pressure 200, tip and in range.
  const std::vector<std::uint8_t> bytes{0x09, 0x0C, 0xFE, 0xFA, 0x00, 200};
  const auto sample = hid::decode(*layout, bytes);
  ASSERT_TRUE(sample);
  EXPECT_EQ(sample->x, 500);   // from the minimum: −500 − (−1000)
  EXPECT_EQ(sample->y, 1250);  // 250 − (−1000)
  EXPECT_EQ(sample->pressure, 200);
  EXPECT_TRUE(sample->tip);
  EXPECT_TRUE(sample->in_range);
}

TEST(HidDescriptor, ReportsThatDoNotMatchAreNotDecoded) {
  SignaturePadSimulator pad;
  const auto layout = *hid::parse_pen_layout(pad.report_descriptor());
  EXPECT_FALSE(hid::decode(layout, std::vector<std::uint8_t>{0x02, 0x03, 0x10}));           // short
  EXPECT_FALSE(hid::decode(layout, std::vector<std::uint8_t>(9, 0x02)));                    // long
  EXPECT_FALSE(hid::decode(layout, std::vector<std::uint8_t>{0x05, 0, 0, 0, 0, 0, 0, 0}));  // unknown id
  EXPECT_FALSE(hid::decode(layout, std::vector<std::uint8_t>{}));
}

TEST(HidDescriptor, BadDescriptorsAreRefusedWithTheReason) {
  const auto refused = [](std::vector<std::uint8_t> bytes) {
    auto layout = hid::parse_pen_layout(bytes);
    EXPECT_FALSE(layout);
    return layout ? std::string() : layout.error().message();
  };
  EXPECT_NE(refused({}).find("sent none"), std::string::npos);
  // A keyboard: no pen in it.
  EXPECT_NE(refused({0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07, 0x19, 0xE0, 0x29, 0xE7,
                     0x15, 0x00, 0x25, 0x01, 0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0})
                .find("no pen"),
            std::string::npos);
  // Cut short inside an item, and a collection left open.
  EXPECT_NE(refused({0x05, 0x0D, 0x26, 0xFF}).find("byte 2"), std::string::npos);
  EXPECT_NE(refused({0x05, 0x0D, 0xA1, 0x01}).find("not closed"), std::string::npos);
  // Pop without Push, a report size of 0, End Collection first.
  EXPECT_NE(refused({0xB4}).find("Pop without Push"), std::string::npos);
  EXPECT_NE(refused({0x75, 0x00}).find("report size"), std::string::npos);
  EXPECT_NE(refused({0xC0}).find("End Collection"), std::string::npos);
  // A report count that would make a report of megabytes.
  EXPECT_NE(refused({0x96, 0xFF, 0xFF}).find("report count"), std::string::npos);
  // X with an empty range.
  EXPECT_NE(refused({0x05, 0x01, 0x09, 0x30, 0x09, 0x31, 0x15, 0x00, 0x25, 0x00, 0x75, 0x08, 0x95, 0x02, 0x81, 0x02,
                     0x05, 0x0D, 0x09, 0x42, 0x25, 0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, 0x95, 0x07, 0x81, 0x01})
                .find("empty range"),
            std::string::npos);
}

TEST(WacomStu, PenDataAndCapabilityRoundTrip) {
  const PenSample sample{0, 4800, 3000, 0x3FF, true, true};
  const auto bytes = stu::encode_pen_data(sample);
  ASSERT_EQ(bytes.size(), stu::kPenDataBytes);
  EXPECT_EQ(bytes[0], 0x01);
  EXPECT_EQ(bytes[1], 0x93);  // rdy, sw, pressure's high nibble 3
  EXPECT_EQ(bytes[3], 0x12);  // X big-endian: 0x12C0
  const auto decoded = stu::decode_pen_data(bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->x, 4800);
  EXPECT_EQ(decoded->y, 3000);
  EXPECT_EQ(decoded->pressure, 0x3FF);
  EXPECT_TRUE(decoded->tip);
  EXPECT_FALSE(stu::decode_pen_data(std::vector<std::uint8_t>{0x03, 0, 0, 0, 0, 0, 0}));  // a status report
  EXPECT_FALSE(stu::decode_pen_data(std::vector<std::uint8_t>{0x01, 0x80}));

  const auto model = stu::model_of(0x056A, 0x00A4);
  ASSERT_TRUE(model);
  EXPECT_EQ(model->name, "Wacom STU-430");
  EXPECT_FALSE(stu::model_of(0x056A, 0x1234));
  const auto capability = stu::decode_capability(stu::encode_capability(model->geometry, 320, 200));
  ASSERT_TRUE(capability);
  EXPECT_EQ(capability->max_x, 9600);
  EXPECT_EQ(capability->max_pressure, 1023);
  EXPECT_NEAR(capability->x_units_per_mm, 100.0, 1e-9);
}

TEST(ScriptedSignature, StrokesStayOnThePadAndTimeMovesForward) {
  const PadGeometry geometry{9600, 6000, 1023, 100, 100};
  const auto strokes = scripted_signature(geometry, 3);
  ASSERT_EQ(strokes.size(), 3u);
  std::int64_t last = -1;
  for (const ScriptedStroke& stroke : strokes) {
    ASSERT_GE(stroke.size(), 50u);
    for (const ScriptedPoint& point : stroke) {
      EXPECT_GT(point.offset_ns, last);
      last = point.offset_ns;
      EXPECT_LE(point.x, geometry.max_x);
      EXPECT_LE(point.y, geometry.max_y);
      EXPECT_GE(point.pressure, 1);
      EXPECT_LE(point.pressure, geometry.max_pressure);
    }
  }
}

}  // namespace
}  // namespace kiosk::devices
