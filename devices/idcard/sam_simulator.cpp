#include "devices/idcard/sam_simulator.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace kiosk::devices {
namespace {

std::uint8_t code(sam::Status status) {
  return static_cast<std::uint8_t>(status);
}

bool is(const sam::Frame& frame, sam::Command command) {
  return frame.status[0] == command.command && frame.status[1] == command.parameter;
}

}  // namespace

Expected<void> SamReaderSimulator::place_card(const IdCardData& card) {
  const std::vector<std::uint8_t> text = TRY(encode_card_text(card));
  std::vector<std::uint8_t> data{0x01, 0x00, 0x04, 0x00};
  data.insert(data.end(), text.begin(), text.end());
  std::vector<std::uint8_t> photo = card.photo_wlt;
  if (photo.size() != kCardPhotoSize) {
    // A placeholder where a real card holds its WLT photo: "WLT" and a pattern, never a picture.
    photo.assign(kCardPhotoSize, 0);
    photo[0] = 'W';
    photo[1] = 'L';
    photo[2] = 'T';
    for (std::size_t i = 3; i < photo.size(); ++i) photo[i] = static_cast<std::uint8_t>(i * 31 + 7);
  }
  data.insert(data.end(), photo.begin(), photo.end());
  std::lock_guard lock(mutex_);
  card_ = std::move(data);
  found_ = false;
  selected_ = false;
  return {};
}

void SamReaderSimulator::remove_card() {
  std::lock_guard lock(mutex_);
  card_.reset();
  found_ = false;
  selected_ = false;
}

void SamReaderSimulator::corrupt_next_answer() {
  std::lock_guard lock(mutex_);
  corrupt_next_ = true;
}

void SamReaderSimulator::set_silent(bool silent) {
  std::lock_guard lock(mutex_);
  silent_ = silent;
}

std::vector<std::uint8_t> SamReaderSimulator::handle(std::span<const std::uint8_t> command) {
  std::lock_guard lock(mutex_);
  if (silent_) return {};
  std::vector<std::uint8_t> answer;
  auto frame = sam::parse_command(command);
  if (!frame) {
    const bool checksum = frame.error().message().find("checksum") != std::string::npos;
    answer = sam::encode_response(code(checksum ? sam::Status::checksum_error : sam::Status::length_error));
  } else if (is(*frame, sam::kSamStatus)) {
    answer = sam::encode_response(code(sam::Status::ok));
  } else if (is(*frame, sam::kFindCard)) {
    // A card is found once, when it comes into the field.
    const bool found = card_ && !found_;
    if (found) found_ = true;
    answer = sam::encode_response(code(found ? sam::Status::card_found : sam::Status::find_failed));
  } else if (is(*frame, sam::kSelectCard)) {
    selected_ = card_ && found_;
    answer = sam::encode_response(code(selected_ ? sam::Status::ok : sam::Status::select_failed));
  } else if (is(*frame, sam::kReadBase)) {
    answer = card_ && selected_ ? sam::encode_response(code(sam::Status::ok), *card_)
                                : sam::encode_response(code(sam::Status::read_failed));
  } else {
    answer = sam::encode_response(code(sam::Status::bad_command));
  }
  if (corrupt_next_) {
    answer[answer.size() - 2] ^= 0x01;  // the last byte before the checksum
    corrupt_next_ = false;
  }
  return answer;
}

void SamReaderSimulator::receive_bytes(std::span<const std::uint8_t> bytes) {
  incoming_.insert(incoming_.end(), bytes.begin(), bytes.end());
  while (true) {
    auto size = sam::frame_size(incoming_);
    if (!size) {
      incoming_.clear();  // out of step: a reader drops what it cannot frame
      return;
    }
    if (!*size || incoming_.size() < **size) return;
    const std::vector<std::uint8_t> command(incoming_.begin(), incoming_.begin() + static_cast<std::ptrdiff_t>(**size));
    incoming_.erase(incoming_.begin(), incoming_.begin() + static_cast<std::ptrdiff_t>(**size));
    const std::vector<std::uint8_t> answer = handle(command);
    std::lock_guard lock(mutex_);
    outgoing_.insert(outgoing_.end(), answer.begin(), answer.end());
  }
}

std::vector<std::uint8_t> SamReaderSimulator::take_answer_bytes(std::size_t most) {
  std::lock_guard lock(mutex_);
  const std::size_t count = std::min(most, outgoing_.size());
  std::vector<std::uint8_t> bytes(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(count));
  outgoing_.erase(outgoing_.begin(), outgoing_.begin() + static_cast<std::ptrdiff_t>(count));
  return bytes;
}

Expected<void> LoopbackSamTransport::send(std::span<const std::uint8_t> frame) {
  reader_->receive_bytes(frame);
  return {};
}

Expected<std::vector<std::uint8_t>> LoopbackSamTransport::receive(std::chrono::milliseconds) {
  std::vector<std::uint8_t> bytes = reader_->take_answer_bytes(sam::kMaxFrameSize);
  if (bytes.empty()) return Error("ID card reader did not answer — is it powered and plugged in?");
  auto size = TRY(sam::frame_size(bytes));
  if (!size || bytes.size() < *size) {
    return Error("ID card reader stopped in the middle of a frame (" + std::to_string(bytes.size()) + " bytes came)");
  }
  return bytes;
}

Expected<std::vector<IdCardData>> load_card_fixtures(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Error("cannot read the fixture cards " + file.string());
  const auto json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.contains("cards") || !json["cards"].is_array()) {
    return Error(file.string() + ": not a list of cards ({\"cards\": [...]})");
  }
  std::vector<IdCardData> cards;
  for (const auto& entry : json["cards"]) {
    const auto text = [&](const char* key) { return entry.value(key, std::string()); };
    IdCardData card;
    const std::string kind = text("kind");
    if (kind == "resident") {
      card.kind = IdCardKind::resident;
    } else if (kind == "hk_macao_taiwan_resident") {
      card.kind = IdCardKind::hk_macao_taiwan_resident;
    } else if (kind == "foreign_permanent_resident") {
      card.kind = IdCardKind::foreign_permanent_resident;
    } else {
      return Error(file.string() + ": unknown card kind \"" + kind + "\"");
    }
    card.name = text("name");
    card.english_name = text("english_name");
    card.sex = text("sex");
    card.nation = text("nation");
    card.birth_date = text("birth_date");
    card.address = text("address");
    card.id_number = text("id_number");
    card.authority = text("authority");
    card.valid_from = text("valid_from");
    card.valid_to = text("valid_to");
    card.pass_number = text("pass_number");
    card.issue_count = text("issue_count");
    card.card_version = text("card_version");
    // What the simulator will give must decode: a fixture is checked like a card.
    const auto encoded = TRY(encode_card_text(card));
    TRY(decode_card_text(encoded));
    cards.push_back(std::move(card));
  }
  return cards;
}

}  // namespace kiosk::devices
