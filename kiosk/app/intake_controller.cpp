#include "kiosk/app/intake_controller.h"

namespace kiosk::app {

Expected<IntakeController> IntakeController::create(store::Store& store, const media::Clock& clock,
                                                    const Config& config) {
  CaseNumberPattern pattern = TRY(CaseNumberPattern::parse(config.case_number_pattern));
  return IntakeController(store, clock, config, std::move(pattern));
}

Expected<void> IntakeController::persist(const Intake& next, const AuditEvent& event) {
  return store_.transaction([&]() -> Expected<void> {
    TRY(store_.cases().save(next.record()));
    TRY(store_.audit().append(event));
    return {};
  });
}

// Runs a transition on a copy and adopts it only once the store has it: memory never runs ahead of the disk.
template <typename Step>
Expected<void> IntakeController::apply(Step&& step) {
  if (!intake_) return Error("no intake is open — start a new intake first");
  Intake next = *intake_;
  const AuditEvent event = TRY(step(next));
  TRY(persist(next, event));
  intake_ = std::move(next);
  return {};
}

Expected<std::string> IntakeController::open_case(const Staff& staff, std::string matter_type) {
  if (intake_ && intake_->state() != IntakeState::sealed) {
    return Error("case " + intake_->record().number + " is still open — finish or abandon it first");
  }
  const Instant at = clock_.now();
  std::optional<Intake> opened;
  TRY(store_.transaction([&]() -> Expected<void> {
    const std::int64_t sequence = TRY(store_.case_numbers().next(pattern_.scope(local_year(at))));
    std::string number = TRY(pattern_.format(local_year(at), config_.terminal_id, sequence));
    auto result = TRY(Intake::open(
        OpenRequest{std::move(number), config_.terminal_id, config_.agency, std::move(matter_type), staff, at}));
    TRY(store_.staff().save(staff));
    TRY(store_.cases().save(result.intake.record()));
    TRY(store_.audit().append(result.event));
    opened = std::move(result.intake);
    return {};
  }));
  intake_ = std::move(opened);
  return intake_->record().number;
}

Expected<void> IntakeController::identify(Party party) {
  return apply([&](Intake& intake) { return intake.identify(std::move(party), clock_.now()); });
}

Expected<void> IntakeController::add_material(Material material) {
  return apply([&](Intake& intake) { return intake.add_material(std::move(material), clock_.now()); });
}

Expected<void> IntakeController::remove_material(std::size_t index) {
  return apply([&](Intake& intake) { return intake.remove_material(index, clock_.now()); });
}

Expected<void> IntakeController::decide(Decision decision) {
  return apply([&](Intake& intake) { return intake.decide(std::move(decision), clock_.now()); });
}

Expected<void> IntakeController::close() {
  return apply([&](Intake& intake) { return intake.close(clock_.now()); });
}

Expected<void> IntakeController::abandon(std::string reason) {
  return apply([&](Intake& intake) { return intake.abandon(std::move(reason), clock_.now()); });
}

Expected<archive::SealedBag> IntakeController::seal(Intake& intake) {
  const Instant at = clock_.now();
  const std::vector<ChainedAuditEvent> events = TRY(store_.audit().of_case(intake.record().number));
  const archive::SealedBag bag = TRY(
      archive::seal_case(config_.cases_root(), archive::SealRequest{intake.record(), events, config_.file_type, at}));
  Intake next = intake;
  const AuditEvent sealed = TRY(next.seal(bag.tagmanifest_sha256, at));
  const std::string artifact = std::filesystem::relative(bag.path, config_.data_dir).generic_string();
  TRY(store_.transaction([&]() -> Expected<void> {
    TRY(store_.cases().save(next.record()));
    TRY(store_.audit().append(sealed));
    TRY(store_.outbox().enqueue(next.record().number, artifact, kArchiveDestination, at.unix_ms));
    return {};
  }));
  intake = std::move(next);
  return bag;
}

Expected<archive::SealedBag> IntakeController::seal() {
  if (!intake_) return Error("no intake is open — there is nothing to seal");
  return seal(*intake_);
}

Expected<std::vector<archive::SealedBag>> IntakeController::recover_unsealed() {
  std::vector<archive::SealedBag> sealed;
  for (const std::string& number : TRY(store_.cases().unsealed())) {
    std::optional<Case> record = TRY(store_.cases().find(number));
    if (!record) continue;
    Intake intake = Intake::resume(std::move(*record));
    if (intake.state() != IntakeState::closed && intake.state() != IntakeState::abandoned) {
      Intake next = intake;
      const AuditEvent event =
          TRY(next.abandon("kiosk restarted before the intake ended (power or process lost)", clock_.now()));
      TRY(persist(next, event));
      intake = std::move(next);
    }
    sealed.push_back(TRY(seal(intake)));
    if (intake_ && intake_->record().number == number) intake_ = std::move(intake);
  }
  return sealed;
}

}  // namespace kiosk::app
