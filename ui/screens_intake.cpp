// The intake screen: the steps in order down the left, the step at hand on the right, each saying what it still
// needs before the next can be taken.
#include <algorithm>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/screens.h"
#include "ui/widgets.h"

namespace kiosk::ui {
namespace {

using S = IntakeState;

int rank(S state) {
  switch (state) {
    case S::opened: return 0;
    case S::identified: return 1;
    case S::itemized: return 2;
    case S::decided: return 3;
    case S::documents_issued: return 4;
    case S::service_signed: return 5;
    case S::closed:
    case S::abandoned:
    case S::sealed: return 6;
  }
  return 0;
}

void hint(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kDanger);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

// A person: from their ID card, or typed in. An organization: its name, credit code and address typed in, and
// the agent who acts for it — from the agent's ID card, or typed in — with their title.
std::optional<Party> party_being_entered(ScreenContext& context) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  const std::optional<Party>& card = context.snapshot.card_party;
  if (ui.party_kind == PartyKind::person) {
    if (ui.manual_party) {
      text_field(tr("party.name"), &ui.manual.name, "party.name.field");
      text_field(tr("party.id_number"), &ui.manual.id_number, "party.id_number.field");
      text_field(tr("party.address"), &ui.manual.address, "party.address.field");
      Party typed = ui.manual;
      typed.source = IdentitySource::manual_entry;
      return typed;
    }
    if (card) {
      ImGui::Text("%s  %s", card->name.c_str(), mask_id_number(card->id_number).c_str());
      ImGui::TextWrapped("%s", card->address.c_str());
    }
    return card;
  }
  text_field(tr("party.organization"), &ui.organization.name, "party.organization.field");
  text_field(tr("party.credit_code"), &ui.organization.id_number, "party.credit_code.field");
  text_field(tr("party.address"), &ui.organization.address, "party.address.field");
  if (card && !ui.manual_party) {
    ImGui::Text("%s %s  %s", tr("party.agent"), card->name.c_str(), mask_id_number(card->id_number).c_str());
  } else {
    text_field(tr("party.agent"), &ui.agent.name, "party.agent.field");
    text_field(tr("party.agent_id"), &ui.agent.id_number, "party.agent_id.field");
  }
  text_field(tr("party.agent_title"), &ui.agent.title, "party.agent_title.field");
  Party organization = ui.organization;
  organization.kind = PartyKind::organization;
  organization.id_kind = IdDocumentKind::unified_social_credit_code;
  Agent agent = ui.agent;
  organization.source = IdentitySource::manual_entry;
  if (card && !ui.manual_party) {
    agent.name = card->name;
    agent.id_number = card->id_number;
    agent.id_kind = card->id_kind;
    organization.source = IdentitySource::id_card_reader;  // the agent's identity, from the card
  }
  if (organization.name.empty() || agent.name.empty() || agent.title.empty()) return std::nullopt;
  organization.agent = agent;
  return organization;
}

void draw_party(ScreenContext& context, const Case& record) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  ImGui::TextUnformatted(tr("intake.party"));
  ImGui::Separator();
  for (const auto& [kind, key] :
       {std::pair{PartyKind::person, "party.person"}, std::pair{PartyKind::organization, "party.organization_kind"}}) {
    if (colour_button(tr(key), key, ui.party_kind == kind ? kPrimary : rgb(0x90, 0x9a, 0xa8), ImVec2(110, 48))) {
      ui.party_kind = kind;
    }
    ImGui::SameLine();
  }
  if (colour_button(tr("intake.read_card"), "party.read_card", kPrimary, ImVec2(190, 48))) {
    context.commands.push_back(app::command::ReadCard{});
    ui.manual_party = false;
  }
  ImGui::SameLine();
  if (big_button(tr("intake.manual_entry"), "party.manual", ImVec2(130, 48))) ui.manual_party = true;
  // Left: who it is; right: the phone on the keypad, and the step's button — all in view without scrolling.
  ImGui::BeginTable("party", 2);
  ImGui::TableSetupColumn("who", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("phone", ImGuiTableColumnFlags_WidthFixed, 240);
  ImGui::TableNextColumn();
  ImGui::PushItemWidth(-150);
  std::optional<Party> party = party_being_entered(context);
  ImGui::PopItemWidth();
  if (record.party) ImGui::TextColored(kOk, "%s %s", tr("intake.identified"), record.party->name.c_str());
  const bool ready = party.has_value() && ui.phone.size() >= 7;
  if (!party) hint(tr(ui.party_kind == PartyKind::person ? "missing.party" : "missing.organization"));
  if (party && ui.phone.size() < 7) hint(tr("missing.phone"));
  ImGui::TableNextColumn();
  // The keypad types the phone, or — for an ID number entered by hand — the ID number (with X, its check digit).
  std::string& id_number = ui.party_kind == PartyKind::person ? ui.manual.id_number : ui.agent.id_number;
  const bool id_by_hand = ui.manual_party;
  if (!id_by_hand) ui.keypad_for_id = false;
  if (id_by_hand) {
    if (colour_button(tr("party.keypad_phone"), "party.keypad_phone",
                      ui.keypad_for_id ? rgb(0x90, 0x9a, 0xa8) : kPrimary, ImVec2(113, 40))) {
      ui.keypad_for_id = false;
    }
    ImGui::SameLine();
    if (colour_button(tr("party.keypad_id"), "party.keypad_id", ui.keypad_for_id ? kPrimary : rgb(0x90, 0x9a, 0xa8),
                      ImVec2(113, 40))) {
      ui.keypad_for_id = true;
    }
  }
  if (ui.keypad_for_id) {
    ImGui::Text("%s", id_number.c_str());
    numeric_keypad(id_number, 18, "party.id", true);
  } else {
    ImGui::Text("%s %s", tr("party.phone"), ui.phone.c_str());
    numeric_keypad(ui.phone, 11, "party.phone");
  }
  if (colour_button(tr("intake.confirm_party"), "party.confirm", kOk, ImVec2(236, kTouchTarget), ready)) {
    Party confirmed = *party;
    confirmed.phone = ui.phone;
    if (confirmed.agent) confirmed.agent->phone = ui.phone;
    context.commands.push_back(app::command::Identify{std::move(confirmed)});
  }
  ImGui::EndTable();
}

void draw_materials(ScreenContext& context, const Case& record) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  ImGui::TextUnformatted(tr("intake.materials"));
  ImGui::Separator();
  if (const app::MatterType* matter = context.counter.catalog().find(record.matter_type)) {
    ImGui::TextUnformatted(tr("intake.catalog"));
    int index = 0;
    for (const Material& material : matter->materials) {
      if (index % 2 != 0) ImGui::SameLine();
      if (big_button(material.name.c_str(), "catalog." + std::to_string(index), ImVec2(300, kTouchTarget))) {
        ui.pending_material = material;
      }
      ++index;
    }
  }
  if (ui.pending_material) {
    Material& pending = *ui.pending_material;
    ImGui::Separator();
    ImGui::Text("%s（%s）", pending.name.c_str(),
                pending.form == MaterialForm::original ? tr("material.original") : tr("material.copy"));
    stepper(tr("material.copies"), pending.copies, 1, kMaxCopies, "material.copies");
    ImGui::SameLine();
    stepper(tr("material.pages"), pending.pages, 1, kMaxPages, "material.pages");
    if (colour_button(tr("material.add"), "material.add", kPrimary, ImVec2(200, kTouchTarget))) {
      context.commands.push_back(app::command::AddMaterial{pending});
      ui.pending_material.reset();
    }
  }
  ImGui::Separator();
  // The list scrolls; the step's button below it stays in view however long the list grows.
  ImGui::BeginChild("received", ImVec2(0, -(kTouchTarget + ImGui::GetStyle().ItemSpacing.y * 2)), false);
  for (std::size_t i = 0; i < record.materials.size(); ++i) {
    const Material& material = record.materials[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu. %s  %s %d  %s %d", i + 1, material.name.c_str(), tr("material.copies"), material.copies,
                tr("material.pages"), material.pages);
    ImGui::SameLine(ImGui::GetContentRegionAvail().x - 100);
    if (big_button(tr("material.remove"), "material.remove." + std::to_string(i), ImVec2(100, 48))) {
      context.commands.push_back(app::command::RemoveMaterial{i});
    }
    ImGui::PopID();
  }
  if (record.materials.empty()) hint(tr("missing.material"));
  ImGui::EndChild();
}

void draw_decision(ScreenContext& context, const Case& record) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  ImGui::TextUnformatted(tr("intake.decide"));
  ImGui::Separator();
  const std::pair<DecisionKind, const char*> kinds[] = {{DecisionKind::accepted, "decision.accepted"},
                                                        {DecisionKind::not_accepted, "decision.not_accepted"},
                                                        {DecisionKind::supplement_needed, "decision.supplement"},
                                                        {DecisionKind::completed_on_the_spot, "decision.completed"}};
  for (const auto& [kind, key] : kinds) {
    const bool chosen = ui.decision_kind == kind;
    if (colour_button(tr(key), key, chosen ? kPrimary : rgb(0x90, 0x9a, 0xa8), ImVec2(200, kTouchTarget))) {
      ui.decision_kind = kind;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  Decision decision{ui.decision_kind, {}, {}, {}};
  bool ready = true;
  if (ui.decision_kind == DecisionKind::not_accepted) {
    text_field(tr("decision.reason"), &ui.reason, "decision.reason.field");
    text_field(tr("decision.legal_basis"), &ui.legal_basis, "decision.legal_basis.field");
    decision.reason = ui.reason;
    decision.legal_basis = ui.legal_basis;
    ready = !ui.reason.empty() && !ui.legal_basis.empty();
    if (!ready) hint(tr("missing.reason"));
  }
  if (ui.decision_kind == DecisionKind::supplement_needed) {
    ImGui::TextUnformatted(tr("decision.missing_items"));
    if (const app::MatterType* matter = context.counter.catalog().find(record.matter_type)) {
      int index = 0;
      for (const Material& material : matter->materials) {
        auto found = std::find(ui.missing_items.begin(), ui.missing_items.end(), material.name);
        const bool chosen = found != ui.missing_items.end();
        if (index % 2 != 0) ImGui::SameLine();
        if (colour_button(material.name.c_str(), "missing." + std::to_string(index),
                          chosen ? kDanger : rgb(0x90, 0x9a, 0xa8), ImVec2(300, kTouchTarget))) {
          if (chosen) {
            ui.missing_items.erase(found);
          } else {
            ui.missing_items.push_back(material.name);
          }
        }
        ++index;
      }
    }
    decision.missing_items = ui.missing_items;
    ready = !ui.missing_items.empty();
    if (!ready) hint(tr("missing.items"));
  }
  if (colour_button(tr("decision.confirm"), "decision.confirm", kOk, ImVec2(260, kTouchTarget), ready)) {
    context.commands.push_back(app::command::Decide{decision});
  }
}

// Each document as it came out of the printer (the proof of service as the applicant will sign it), one at a time.
void document_tabs(ScreenContext& context) {
  UiState& ui = context.ui;
  for (const app::DocumentPreview& document : context.snapshot.previews) {
    if (ui.shown_document.empty()) ui.shown_document = document.kind;
    const bool shown = ui.shown_document == document.kind;
    if (colour_button(context.tr("document." + document.kind), "documents.show." + document.kind,
                      shown ? kPrimary : rgb(0x90, 0x9a, 0xa8), ImVec2(200, 48))) {
      ui.shown_document = document.kind;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();
  draw_document(context, ui.shown_document, ImGui::GetContentRegionAvail().x - 40, ImGui::GetContentRegionAvail().y,
                "documents.preview");
}

void draw_documents(ScreenContext& context, const Case& record) {
  const Translations& tr = context.tr;
  ImGui::TextUnformatted(tr("intake.documents"));
  ImGui::Separator();
  if (colour_button(tr("documents.issue"), "documents.issue", kPrimary, ImVec2(320, kTouchTarget),
                    record.state == S::decided)) {
    context.commands.push_back(app::command::IssueDocuments{});
  }
  if (record.state == S::documents_issued) {
    ImGui::SameLine();
    if (big_button(tr("documents.reprint_receipt"), "documents.reprint", ImVec2(260, kTouchTarget))) {
      context.commands.push_back(app::command::Reprint{documents::DocumentKind::material_receipt});
    }
  }
  document_tabs(context);
}

void draw_signature(ScreenContext& context, const Case& record) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  const app::CounterSnapshot& snapshot = context.snapshot;
  ImGui::TextUnformatted(tr("intake.sign"));
  ImGui::Separator();
  if (record.state == S::service_signed) {
    ImGui::TextColored(kOk, "%s", record.signature && record.signature->refused ? tr("sign.refused") : tr("sign.done"));
    return;
  }
  if (!snapshot.signing) {
    if (colour_button(tr("sign.start"), "sign.start", kPrimary, ImVec2(260, kTouchTarget))) {
      context.commands.push_back(app::command::StartSignature{});
    }
    ImGui::SameLine();
    if (big_button(tr("sign.refuse"), "sign.refuse", ImVec2(200, kTouchTarget))) ui.refusing = !ui.refusing;
    ImGui::SameLine();
    if (big_button(tr("documents.reprint_receipt"), "documents.reprint", ImVec2(200, kTouchTarget))) {
      context.commands.push_back(app::command::Reprint{documents::DocumentKind::material_receipt});
    }
  } else {
    ImGui::TextUnformatted(tr("sign.waiting"));
    if (big_button(tr("sign.redo"), "sign.redo", ImVec2(160, kTouchTarget))) {
      context.commands.push_back(app::command::RedoSignature{});
    }
    ImGui::SameLine();
    if (colour_button(tr("sign.confirm"), "sign.confirm", kOk, ImVec2(200, kTouchTarget), !snapshot.ink.empty())) {
      context.commands.push_back(app::command::ConfirmSignature{});
    }
    ImGui::SameLine();
    if (big_button(tr("sign.cancel"), "sign.cancel", ImVec2(160, kTouchTarget))) {
      context.commands.push_back(app::command::CancelSignature{});
    }
  }
  if (ui.refusing && !snapshot.signing) {
    text_field(tr("sign.refusal_note"), &ui.refusal_note, "sign.refusal_note.field");
    text_field(tr("sign.witness"), &ui.witness, "sign.witness.field");
    if (colour_button(tr("sign.record_refusal"), "sign.record_refusal", kDanger, ImVec2(260, kTouchTarget),
                      !ui.refusal_note.empty() && !ui.witness.empty())) {
      context.commands.push_back(app::command::RefuseSignature{ui.refusal_note, ui.witness});
      ui.refusing = false;
    }
  }
  document_tabs(context);
}

void draw_closing(ScreenContext& context) {
  const Translations& tr = context.tr;
  const app::CounterSnapshot& snapshot = context.snapshot;
  ImGui::TextUnformatted(tr("intake.close"));
  ImGui::Separator();
  if (snapshot.rating) {
    const char* keys[] = {"applicant.satisfied", "applicant.basically_satisfied", "applicant.dissatisfied"};
    ImGui::Text("%s %s", tr("close.rating"), tr(keys[static_cast<int>(*snapshot.rating)]));
  } else {
    ImGui::TextUnformatted(tr("close.waiting_rating"));
  }
  if (colour_button(tr("intake.close"), "intake.close", kOk, ImVec2(320, kTouchTarget))) {
    context.commands.push_back(app::command::Close{});
  }
}

}  // namespace

std::vector<StepState> intake_steps(const Case& record) {
  const int reached = rank(record.state);
  static constexpr const char* kKeys[] = {"intake.party",     "intake.materials", "intake.decide",
                                          "intake.documents", "intake.sign",      "intake.close"};
  std::vector<StepState> steps;
  for (int i = 0; i < 6; ++i) {
    // The materials step stays current while items are added; it is done once a decision is made.
    const int done_at = i == 1 ? 3 : i + 1;
    steps.push_back(StepState{kKeys[i], reached >= done_at, false});
  }
  for (StepState& step : steps) {
    if (!step.done) {
      step.current = true;
      break;
    }
  }
  return steps;
}

std::vector<std::string> missing_for_next_step(const Case& record) {
  switch (record.state) {
    case S::opened: return {"missing.party"};
    case S::identified: return {"missing.material"};
    case S::documents_issued: return {"missing.signature"};
    default: return {};
  }
}

void draw_intake(ScreenContext& context) {
  const Case& record = *context.snapshot.intake;
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  ImGui::Text("%s %s · %s", tr("intake.case"), record.number.c_str(), record.matter_type.c_str());
  std::vector<StepState> steps = intake_steps(record);
  // The staff may leave the materials for the decision once there is at least one.
  int shown = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].current) shown = static_cast<int>(i);
  }
  if (shown == 1 && ui.materials_finished && !record.materials.empty()) shown = 2;

  ImGui::BeginChild("steps", ImVec2(200, 0), true);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ImVec4 colour = steps[i].done ? kOk : static_cast<int>(i) == shown ? kPrimary : rgb(0x90, 0x9a, 0xa8);
    ImGui::TextColored(colour, "%s %s",
                       steps[i].done                  ? "✓"
                       : static_cast<int>(i) == shown ? "→"
                                                      : "·",
                       tr(steps[i].key));
    ImGui::Spacing();
  }
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::SetNextItemWidth(-1);
  ImGui::InputTextWithHint("##abandon_reason", tr("intake.abandon_reason"), &ui.abandon_reason);
  targets().mark("intake.abandon_reason", true);
  if (colour_button(tr("intake.abandon"), "intake.abandon", kDanger, ImVec2(180, kTouchTarget),
                    !ui.abandon_reason.empty())) {
    context.commands.push_back(app::command::Abandon{ui.abandon_reason});
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("step", ImVec2(0, 0), true);
  switch (shown) {
    case 0: draw_party(context, record); break;
    case 1:
      draw_materials(context, record);
      if (colour_button(tr("intake.next"), "materials.done", kOk, ImVec2(260, kTouchTarget),
                        !record.materials.empty())) {
        ui.materials_finished = true;
      }
      break;
    case 2: draw_decision(context, record); break;
    case 3: draw_documents(context, record); break;
    case 4: draw_signature(context, record); break;
    default: draw_closing(context); break;
  }
  ImGui::EndChild();
}

}  // namespace kiosk::ui
