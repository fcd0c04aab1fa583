// A SAM ID card reader, simulated at the protocol: it takes command frames and answers with response frames as a
// reader does — a card is found once when it comes into the field, then selected and read (and read again while
// it stays); commands with a bad checksum or length, or unknown ones, get the reader's error statuses. Under
// umockdev its bytes travel through the real libusb driver; in-process (kiosk --simulate, the demo) through
// LoopbackSamTransport.
#pragma once

#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "devices/idcard/card_text.h"
#include "devices/idcard/sam_reader.h"

namespace kiosk::devices {

class SamReaderSimulator {
 public:
  // The card on the reader from now on (its photo: 1024 bytes of WLT, or a placeholder).
  Expected<void> place_card(const IdCardData& card);
  void remove_card();
  // The next answer goes out with one bit flipped in its last byte before the checksum (a transmission error).
  void corrupt_next_answer();
  // The reader stops answering (and answers again).
  void set_silent(bool silent);

  // One command frame in; the response frame out (empty when the reader says nothing).
  std::vector<std::uint8_t> handle(std::span<const std::uint8_t> command);

  // Bytes as a byte stream gives them (USB bulk, serial): whole command frames are answered as they complete.
  void receive_bytes(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> take_answer_bytes(std::size_t most);

 private:
  std::mutex mutex_;
  std::optional<std::vector<std::uint8_t>> card_;  // lengths, text and photo, as read answers carry them
  bool found_ = false;                             // found since it was placed
  bool selected_ = false;
  bool corrupt_next_ = false;
  bool silent_ = false;
  std::vector<std::uint8_t> incoming_;
  std::deque<std::uint8_t> outgoing_;
};

// Cards for the simulator: assets/cards/cards.json.
Expected<std::vector<IdCardData>> load_card_fixtures(const std::filesystem::path& file);

class LoopbackSamTransport final : public SamTransport {
 public:
  explicit LoopbackSamTransport(std::shared_ptr<SamReaderSimulator> reader) : reader_(std::move(reader)) {}
  Expected<void> connect() override { return {}; }
  bool connected() const override { return true; }
  Expected<void> send(std::span<const std::uint8_t> frame) override;
  Expected<std::vector<std::uint8_t>> receive(std::chrono::milliseconds timeout) override;
  void discard_pending() override { reader_->take_answer_bytes(sam::kMaxFrameSize); }
  std::string name() const override { return "(simulated)"; }

 private:
  std::shared_ptr<SamReaderSimulator> reader_;
};

}  // namespace kiosk::devices
