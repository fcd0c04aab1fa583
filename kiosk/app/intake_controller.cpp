#include "kiosk/app/intake_controller.h"

#include "kiosk/crypto/crypto.h"
#include "kiosk/documents/notices.h"
#include "kiosk/documents/pdf.h"
#include "kiosk/documents/receipt.h"
#include "kiosk/media/segment_writer.h"

namespace kiosk::app {

Expected<IntakeController> IntakeController::create(store::Store& store, const media::Clock& clock,
                                                    const Config& config) {
  CaseNumberPattern pattern = TRY(CaseNumberPattern::parse(config.case_number_pattern));
  crypto::TerminalKey key = TRY(crypto::TerminalKey::load_or_create(config.terminal_key_path()));
  return IntakeController(store, clock, config, std::move(pattern), std::move(key));
}

Expected<archive::ReceiptVerification> receipt_verification(const Case& record, const crypto::TerminalKey& key) {
  const std::string statement = documents::receipt_statement(record);
  const std::string signature = TRY(key.sign(statement));
  return archive::ReceiptVerification{
      documents::verification_code(signature), statement,
      crypto::to_hex(std::span(reinterpret_cast<const std::uint8_t*>(signature.data()), signature.size())),
      key.fingerprint()};
}

Expected<documents::Layout> case_document(documents::DocumentKind kind, const Case& record,
                                          const documents::Templates& templates, Instant now,
                                          const crypto::TerminalKey& key, const documents::ServiceMark& mark) {
  std::string code;
  if (kind == documents::DocumentKind::material_receipt) code = TRY(receipt_verification(record, key)).code;
  return documents::document_layout(kind, record, templates, now, mark, code);
}

Expected<std::vector<documents::Layout>> case_printouts(documents::DocumentKind kind, const Case& record,
                                                        const documents::Templates& templates, Instant now,
                                                        const crypto::TerminalKey& key,
                                                        const documents::ServiceMark& mark) {
  if (kind == documents::DocumentKind::material_receipt) {
    return documents::material_receipt_slips(record, templates, TRY(receipt_verification(record, key)).code);
  }
  return std::vector<documents::Layout>{TRY(documents::document_layout(kind, record, templates, now, mark))};
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
  return register_media();
}

Expected<void> IntakeController::attach(Intake& intake, std::vector<MediaSegmentRef> segments) {
  for (MediaSegmentRef& segment : segments) {
    Intake next = intake;
    const AuditEvent event = TRY(next.attach_media(std::move(segment), clock_.now()));
    TRY(persist(next, event));
    intake = std::move(next);
  }
  return {};
}

Expected<void> IntakeController::register_media() {
  if (!recording_) return {};
  // A camera or microphone that was lost, or came back, is an audit event: of the open case, or of the terminal
  // when none is open. The recording went on meanwhile; the gap is in the files as a gap.
  for (const CaseRecording::SourceChange& change : recording_->take_source_changes()) {
    const media::SourceEvent& source = change.event;
    AuditEvent event;
    event.case_number = intake_ && intake_->state() != IntakeState::sealed ? intake_->record().number : "";
    event.kind = source.restored ? "recording.source_restored" : "recording.source_lost";
    event.actor = "system";
    event.at = Instant{change.at_unix_ms, clock_.now().utc_offset_minutes};
    event.detail = {{"source", source.source == media::Source::camera ? "camera" : "microphone"}};
    if (source.restored) event.detail.emplace_back("gap_ms", std::to_string(source.gap_ns / 1'000'000));
    event.detail.emplace_back("detail", source.detail);
    TRY(store_.audit().append(event));
  }
  if (!intake_) return {};
  TRY(attach(*intake_, recording_->take_closed()));
  // Segments that could not be written (a full disk): what was recorded is registered above; the failure is on
  // the case's record at once, and the UI shows it from the recording's health.
  if (const std::string error = recording_->health().writing_error; recording_->writing() && !error.empty()) {
    TRY(note_recording_failure(error));
  }
  return {};
}

Expected<void> IntakeController::note_printed(documents::DocumentKind document, const std::string& printer,
                                              std::uint32_t dot_rows, bool reprint) {
  if (!intake_) return Error("no intake is open — there is nothing to print");
  return note(
      reprint ? "document.reprinted" : "document.printed",
      {{"document", std::string(name_of(document))}, {"printer", printer}, {"dot_rows", std::to_string(dot_rows)}});
}

Expected<void> IntakeController::note(std::string kind, std::vector<std::pair<std::string, std::string>> detail) {
  if (!intake_ || intake_->state() == IntakeState::sealed) return Error("no intake is open");
  AuditEvent event;
  event.case_number = intake_->record().number;
  event.kind = std::move(kind);
  event.actor = intake_->record().staff.id;
  event.at = clock_.now();
  event.detail = std::move(detail);
  TRY(store_.audit().append(event));
  return {};
}

Expected<void> IntakeController::note_recording_failure(const std::string& error) {
  if (recording_failure_noted_ || !intake_ || intake_->state() == IntakeState::sealed) return {};
  AuditEvent event;
  event.case_number = intake_->record().number;
  event.kind = "recording.failed";
  event.actor = "system";
  event.at = clock_.now();
  event.detail = {{"error", error}};
  TRY(store_.audit().append(event));
  recording_failure_noted_ = true;
  return {};
}

Expected<void> IntakeController::stop_recording() {
  if (!recording_ || !recording_->writing()) return {};
  auto ended = recording_->end();
  // What closed is registered even when the last segment could not be finished (a full disk, say), and the case
  // closes all the same: the failure is on its record.
  TRY(register_media());
  if (!ended) TRY(note_recording_failure(ended.error().message()));
  recording_failure_noted_ = false;
  return {};
}

Expected<void> IntakeController::recover_media(Intake& intake) {
  const std::filesystem::path folder = config_.recordings_root() / intake.record().number;
  // Unfinished segments are made whole first; then every whole segment the register does not have yet is
  // registered, in sequence.
  TRY(media::repair_unfinished_segments(folder));
  std::vector<MediaSegmentRef> found;
  for (auto sequence = static_cast<std::int32_t>(intake.record().media.size() + 1);; ++sequence) {
    const std::filesystem::path file = folder / media::segment_file_name(sequence);
    std::error_code error;
    if (!std::filesystem::exists(file, error)) break;
    const crypto::FileDigest digest = TRY(crypto::sha256_file(file));
    MediaSegmentRef segment;
    segment.sequence = sequence;
    segment.file = "media/" + file.filename().string();
    segment.sha256 = digest.sha256;
    segment.bytes = digest.bytes;
    found.push_back(std::move(segment));
  }
  return attach(intake, std::move(found));
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
  if (recording_) {
    if (auto begun = recording_->begin(config_.recordings_root() / intake_->record().number, intake_->record().number);
        !begun) {
      return std::move(begun).error().within("case " + intake_->record().number + " is open but not recording");
    }
  }
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

Expected<DocumentRef> IntakeController::file_document(const std::string& kind, const std::string& file,
                                                      std::string_view bytes) {
  TRY(archive::write_durably(files_folder(intake_->record().number) / file, bytes));
  return DocumentRef{kind, file, crypto::sha256_hex(bytes)};
}

Expected<std::vector<DocumentRef>> IntakeController::issue_documents(const documents::Templates& templates) {
  if (!intake_) return Error("no intake is open — start a new intake first");
  if (!intake_->record().decision) return Error("documents: decide first — the notice depends on the decision");
  const Instant at = clock_.now();
  std::vector<DocumentRef> issued;
  for (documents::DocumentKind kind : documents::documents_for(intake_->record().decision->kind)) {
    const documents::Layout layout = TRY(case_document(kind, intake_->record(), templates, at, *key_));
    const auto size =
        kind == documents::DocumentKind::material_receipt ? documents::PageSize::receipt : documents::PageSize::a4;
    const std::string name(name_of(kind));
    issued.push_back(TRY(file_document(name, "documents/" + name + ".pdf", TRY(documents::render_pdf(layout, size)))));
  }
  TRY(apply([&](Intake& intake) { return intake.issue_documents(issued, at); }));
  served_at_ = at;
  return issued;
}

Expected<void> IntakeController::finish_service(SignatureRef signature, const documents::ServiceMark& mark,
                                                const documents::Templates& templates,
                                                std::vector<DocumentRef> attachments) {
  const Instant served = served_at_.value_or(clock_.now());
  const std::string kind(name_of(documents::DocumentKind::proof_of_service));
  const documents::Layout proof = TRY(documents::proof_of_service(intake_->record(), templates, served, mark));
  const std::string suffix = signature.refused ? "_refused" : "_signed";
  attachments.push_back(TRY(file_document(kind + suffix, "documents/" + kind + suffix + ".pdf",
                                          TRY(documents::render_pdf(proof, documents::PageSize::a4)))));
  return apply([&](Intake& intake) { return intake.sign(std::move(signature), clock_.now(), std::move(attachments)); });
}

Expected<void> IntakeController::sign(const documents::Signature& signature, const documents::Templates& templates) {
  if (!intake_) return Error("no intake is open — start a new intake first");
  const std::string kind(name_of(documents::DocumentKind::proof_of_service));
  if (signature.document_kind != kind)
    return Error("signature: it is for " + signature.document_kind + ", not the proof of service");
  // The pen data, and the picture people look at.
  const std::string json = documents::signature_json(signature);
  TRY(archive::write_durably(files_folder(intake_->record().number) / ("signatures/" + kind + ".json"), json));
  const std::string png =
      TRY(documents::signature_png(signature, documents::kSignatureWidth, documents::kSignatureHeight));
  std::vector<DocumentRef> attachments{TRY(file_document("signature_image", "signatures/" + kind + ".png", png))};
  SignatureRef reference{
      kind, signature.document_sha256, "signatures/" + kind + ".json", crypto::sha256_hex(json), false, "", ""};
  documents::ServiceMark mark;
  mark.signature = documents::render_signature(signature, documents::kSignatureWidth, documents::kSignatureHeight);
  return finish_service(std::move(reference), mark, templates, std::move(attachments));
}

Expected<void> IntakeController::refuse_to_sign(std::string note, std::string witness,
                                                const documents::Templates& templates) {
  if (!intake_) return Error("no intake is open — start a new intake first");
  if (note.empty() || witness.empty()) return Error("a refusal to sign needs a note and a witness — enter both");
  const std::string kind(name_of(documents::DocumentKind::proof_of_service));
  std::string issued_sha256;
  for (const DocumentRef& document : intake_->record().documents) {
    if (document.kind == kind) issued_sha256 = document.sha256;
  }
  documents::ServiceMark mark;
  mark.refusal_note = note;
  mark.witness = witness;
  return finish_service(SignatureRef{kind, issued_sha256, "", "", true, std::move(note), std::move(witness)}, mark,
                        templates, {});
}

Expected<void> IntakeController::close() {
  TRY(stop_recording());
  return apply([&](Intake& intake) { return intake.close(clock_.now()); });
}

Expected<void> IntakeController::abandon(std::string reason) {
  TRY(stop_recording());
  return apply([&](Intake& intake) { return intake.abandon(std::move(reason), clock_.now()); });
}

Expected<archive::SealedBag> IntakeController::seal(Intake& intake) {
  const Instant at = clock_.now();
  const std::vector<ChainedAuditEvent> events = TRY(store_.audit().of_case(intake.record().number));
  std::optional<archive::ReceiptVerification> receipt;
  if (intake.record().party && !intake.record().materials.empty()) {
    receipt = TRY(receipt_verification(intake.record(), *key_));
  }
  const auto previous = TRY(store_.cases().last_sealed(intake.record().terminal_id));
  const archive::SealedBag bag = TRY(archive::seal_case(
      config_.cases_root(),
      archive::SealRequest{intake.record(), events, config_.file_type, at,
                           config_.recordings_root() / intake.record().number, files_folder(intake.record().number),
                           receipt, key_.get(), previous, config_.archive.sm3_manifest}));
  Intake next = intake;
  const AuditEvent sealed = TRY(next.seal(bag.tagmanifest_sha256, at));
  const std::string artifact = std::filesystem::relative(bag.path, config_.data_dir).generic_string();
  TRY(store_.transaction([&]() -> Expected<void> {
    TRY(store_.cases().save(next.record()));
    TRY(store_.audit().append(sealed));
    TRY(store_.outbox().enqueue(next.record().number, artifact, kArchiveDestination, at.unix_ms));
    return {};
  }));
  // The case file holds the documents and the signature now (verified as they went in); the working copies go.
  // Should this not happen, they are only a spare copy: nothing reads them once the case is sealed.
  std::error_code ignored;
  std::filesystem::remove_all(files_folder(next.record().number), ignored);
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
    TRY(recover_media(intake));
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
