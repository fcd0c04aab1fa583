// The ID card reader driver through the real libusb, against the SAM reader simulator behind umockdev: what the
// driver sends and reads are USB bulk URBs, answered with the protocol's bytes.
#include <gtest/gtest.h>

#include <algorithm>

#include "devices/idcard/sam_reader.h"
#include "devices/idcard/sam_simulator.h"
#include "support/usb_testbed.h"

namespace kiosk::devices {
namespace {

// The simulator as a USB peer: bytes to endpoint 0x01 are commands, answers come from 0x81.
class SamPeer final : public testing::UsbPeer {
 public:
  explicit SamPeer(SamReaderSimulator& reader) : reader_(reader) {}
  void out(std::uint8_t, std::span<const std::uint8_t> bytes) override { reader_.receive_bytes(bytes); }
  std::vector<std::uint8_t> in(std::uint8_t, std::size_t most) override { return reader_.take_answer_bytes(most); }

 private:
  SamReaderSimulator& reader_;
};

const testing::UsbDeviceSpec kReader{0x0400, 0xC35A, 0xFF, {0x01, 0x81}, ""};

class IdCardReaderOverUsb : public ::testing::Test {
 protected:
  void SetUp() override {
    auto cards = load_card_fixtures(std::string(KIOSK_SOURCE_ROOT) + "/assets/cards/cards.json");
    ASSERT_TRUE(cards) << cards.error().message();
    cards_ = *cards;
    testbed_.plug(kReader, &peer_);
    auto context = usb::Context::create();
    ASSERT_TRUE(context) << context.error().message();
    reader_ = std::make_unique<SamReader>(
        std::make_unique<UsbSamTransport>(*context, usb::DeviceMatch{0x0400, 0xC35A, "", 0}, SamUsbEndpoints{}),
        std::chrono::milliseconds(500));
  }

  Expected<CardEvent> poll() { return reader_->poll(); }

  std::vector<IdCardData> cards_;
  SamReaderSimulator simulator_;
  SamPeer peer_{simulator_};
  testing::UsbTestbed testbed_;
  std::unique_ptr<SamReader> reader_;
};

TEST_F(IdCardReaderOverUsb, ACardIsReadOnceAndItsRemovalReportedOnce) {
  auto nothing = poll();
  ASSERT_TRUE(nothing) << nothing.error().message();
  EXPECT_EQ(nothing->kind, CardEvent::Kind::none);
  EXPECT_EQ(reader_->status().state, DeviceState::ready);

  ASSERT_TRUE(simulator_.place_card(cards_[0]));
  auto inserted = poll();
  ASSERT_TRUE(inserted) << inserted.error().message();
  ASSERT_EQ(inserted->kind, CardEvent::Kind::inserted);
  ASSERT_TRUE(inserted->card);
  EXPECT_EQ(inserted->card->name, "张伟");
  EXPECT_EQ(inserted->card->id_number, "110101198506150019");
  EXPECT_EQ(inserted->card->photo_wlt.size(), 1024u);
  EXPECT_GT(testbed_.urbs(), 6u) << "three commands and their answers went through libusb";

  for (int i = 0; i < 3; ++i) {
    auto still = poll();
    ASSERT_TRUE(still) << still.error().message();
    EXPECT_EQ(still->kind, CardEvent::Kind::none) << "the same card is not reported again";
  }
  simulator_.remove_card();
  auto removed = poll();
  ASSERT_TRUE(removed) << removed.error().message();
  EXPECT_EQ(removed->kind, CardEvent::Kind::removed);
  EXPECT_EQ(poll()->kind, CardEvent::Kind::none);
}

TEST_F(IdCardReaderOverUsb, EveryKindOfCardReadsAsItsFixture) {
  for (const IdCardData& fixture : cards_) {
    SCOPED_TRACE(fixture.name);
    ASSERT_TRUE(simulator_.place_card(fixture));
    auto event = poll();
    ASSERT_TRUE(event) << event.error().message();
    ASSERT_EQ(event->kind, CardEvent::Kind::inserted);
    IdCardData read = *event->card;
    read.photo_wlt.clear();
    EXPECT_EQ(read, fixture);
    simulator_.remove_card();
    EXPECT_EQ(poll()->kind, CardEvent::Kind::removed);
  }
}

TEST_F(IdCardReaderOverUsb, ATransmissionErrorIsReportedAndTheNextReadWorks) {
  ASSERT_TRUE(simulator_.place_card(cards_[1]));
  simulator_.corrupt_next_answer();
  auto broken = poll();
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message().find("checksum mismatch"), std::string::npos) << broken.error().message();
  EXPECT_EQ(reader_->status().state, DeviceState::fault);
  simulator_.remove_card();
  (void)poll();
  ASSERT_TRUE(simulator_.place_card(cards_[1]));
  auto again = poll();
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->kind, CardEvent::Kind::inserted);
  EXPECT_EQ(reader_->status().state, DeviceState::ready);
}

TEST_F(IdCardReaderOverUsb, AReaderThatStopsAnsweringIsAClearError) {
  simulator_.set_silent(true);
  auto silent = poll();
  ASSERT_FALSE(silent);
  EXPECT_NE(silent.error().message().find("did not answer"), std::string::npos) << silent.error().message();
  simulator_.set_silent(false);
  EXPECT_TRUE(poll());
}

TEST_F(IdCardReaderOverUsb, UnpluggedItSaysSoAndPluggedInAgainItIsOpenedByItself) {
  ASSERT_TRUE(simulator_.place_card(cards_[0]));
  ASSERT_EQ(poll()->kind, CardEvent::Kind::inserted);
  testbed_.unplug();
  auto gone = poll();
  // The card went with the reader: reported removed, or the error says unplugged.
  if (gone) {
    EXPECT_EQ(gone->kind, CardEvent::Kind::removed);
  } else {
    EXPECT_NE(gone.error().message().find("unplugged"), std::string::npos) << gone.error().message();
  }
  EXPECT_EQ(reader_->status().state, DeviceState::absent) << reader_->status().detail;
  auto still_gone = poll();
  ASSERT_FALSE(still_gone);
  EXPECT_NE(still_gone.error().message().find("0400:c35a"), std::string::npos) << still_gone.error().message();

  testbed_.plug(kReader, &peer_);
  simulator_.remove_card();
  ASSERT_TRUE(simulator_.place_card(cards_[2]));
  auto back = poll();
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->kind, CardEvent::Kind::inserted);
  EXPECT_EQ(back->card->pass_number, "H12345678");
  EXPECT_EQ(reader_->status().state, DeviceState::ready);
}

// The cable is pulled in the middle of a command while a card is read: the read fails saying so (no half card is
// reported), and plugged in again the reader is opened by itself and the card reads whole.
TEST_F(IdCardReaderOverUsb, PulledOutMidCommandTheCardReadsWholeWhenItIsBack) {
  ASSERT_TRUE(simulator_.place_card(cards_[0]));
  testbed_.unplug_after_out_bytes(7);  // inside the first command of the read
  auto cut = poll();
  if (cut) {
    EXPECT_NE(cut->kind, CardEvent::Kind::inserted) << "a card was reported from a cut read";
  } else {
    EXPECT_NE(cut.error().message().find("unplugged"), std::string::npos) << cut.error().message();
  }
  EXPECT_EQ(reader_->status().state, DeviceState::absent) << reader_->status().detail;
  testbed_.unplug();
  testbed_.plug(kReader, &peer_);
  auto back = poll();
  ASSERT_TRUE(back) << back.error().message();
  ASSERT_EQ(back->kind, CardEvent::Kind::inserted);
  ASSERT_TRUE(back->card);
  EXPECT_EQ(back->card->id_number, cards_[0].id_number);
  EXPECT_EQ(back->card->name, cards_[0].name);
  EXPECT_EQ(reader_->status().state, DeviceState::ready);
}

TEST(IdCardReaderBySerial, OnlyTheReaderWithTheConfiguredSerialNumberIsOpened) {
  SamReaderSimulator simulator;
  SamPeer peer(simulator);
  testing::UsbTestbed testbed;
  testbed.plug({0x0400, 0xC35A, 0xFF, {0x01, 0x81}, "SAM-0042"}, &peer);
  auto context = usb::Context::create();
  ASSERT_TRUE(context);
  SamReader other(
      std::make_unique<UsbSamTransport>(*context, usb::DeviceMatch{0x0400, 0xC35A, "SAM-0007", 0}, SamUsbEndpoints{}));
  auto refused = other.poll();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("not plugged in"), std::string::npos) << refused.error().message();
  SamReader ours(
      std::make_unique<UsbSamTransport>(*context, usb::DeviceMatch{0x0400, 0xC35A, "SAM-0042", 0}, SamUsbEndpoints{}));
  auto polled = ours.poll();
  ASSERT_TRUE(polled) << polled.error().message();
  EXPECT_EQ(ours.status().state, DeviceState::ready);
}

// A reader that takes each frame's 7-byte header on endpoints of its own (0x02 out, 0x82 in) and the rest on
// 0x01 / 0x81, as some do.
class SplitSamPeer final : public testing::UsbPeer {
 public:
  explicit SplitSamPeer(SamReaderSimulator& reader) : reader_(reader) {}
  void out(std::uint8_t endpoint, std::span<const std::uint8_t> bytes) override {
    if (endpoint == 0x02) {
      EXPECT_EQ(bytes.size(), sam::kHeaderSize) << "the header alone on its endpoint";
    }
    reader_.receive_bytes(bytes);
  }
  std::vector<std::uint8_t> in(std::uint8_t endpoint, std::size_t most) override {
    if (pending_.empty()) {
      pending_ = reader_.take_answer_bytes(sam::kMaxFrameSize);
      given_ = 0;
    }
    if (pending_.empty()) return {};
    const bool header = given_ < sam::kHeaderSize;
    if (header != (endpoint == 0x82)) return {};  // not this endpoint's part of the frame yet
    const std::size_t part_end = header ? sam::kHeaderSize : pending_.size();
    const std::size_t count = std::min(most, part_end - given_);
    std::vector<std::uint8_t> bytes(pending_.begin() + static_cast<std::ptrdiff_t>(given_),
                                    pending_.begin() + static_cast<std::ptrdiff_t>(given_ + count));
    given_ += count;
    if (given_ == pending_.size()) pending_.clear();
    return bytes;
  }

 private:
  SamReaderSimulator& reader_;
  std::vector<std::uint8_t> pending_;
  std::size_t given_ = 0;
};

TEST(IdCardReaderSplitEndpoints, HeadersGoOnTheirOwnEndpointsWhenConfigured) {
  SamReaderSimulator simulator;
  SplitSamPeer peer(simulator);
  testing::UsbTestbed testbed;
  testbed.plug({0x0400, 0xC35A, 0xFF, {0x01, 0x02, 0x81, 0x82}, ""}, &peer);
  auto context = usb::Context::create();
  ASSERT_TRUE(context);
  SamReader reader(std::make_unique<UsbSamTransport>(*context, usb::DeviceMatch{0x0400, 0xC35A, "", 0},
                                                     SamUsbEndpoints{0x01, 0x81, 0x02, 0x82}),
                   std::chrono::milliseconds(500));
  auto cards = load_card_fixtures(std::string(KIOSK_SOURCE_ROOT) + "/assets/cards/cards.json");
  ASSERT_TRUE(cards);
  ASSERT_TRUE(simulator.place_card((*cards)[1]));
  auto event = reader.poll();
  ASSERT_TRUE(event) << event.error().message();
  ASSERT_EQ(event->kind, CardEvent::Kind::inserted);
  EXPECT_EQ(event->card->valid_to, "长期");
}

TEST(IdCardReaderAbsent, NoReaderIsAClearError) {
  testing::UsbTestbed testbed;  // nothing plugged in
  auto context = usb::Context::create();
  ASSERT_TRUE(context);
  SamReader reader(
      std::make_unique<UsbSamTransport>(*context, usb::DeviceMatch{0x0400, 0xC35A, "", 0}, SamUsbEndpoints{}));
  auto polled = reader.poll();
  ASSERT_FALSE(polled);
  EXPECT_NE(polled.error().message().find("not plugged in"), std::string::npos) << polled.error().message();
  EXPECT_EQ(reader.status().state, DeviceState::absent);
}

}  // namespace
}  // namespace kiosk::devices
