// The applicant's side of the counter: large type, high contrast, one thing at a time.
#include <algorithm>
#include <imgui.h>

#include "kiosk/app/config.h"
#include "ui/screens.h"
#include "ui/widgets.h"

namespace kiosk::ui {
namespace {

void large(const char* text, float scale = 1.4F) {
  ImGui::SetWindowFontScale(scale);
  ImGui::TextWrapped("%s", text);
  ImGui::SetWindowFontScale(1.0F);
}

// The pen's strokes as the pad sends them, in a box of the pad's proportions.
void draw_ink(const app::CounterSnapshot& snapshot) {
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = std::min(width * 0.45F, ImGui::GetContentRegionAvail().y - 8);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(255, 255, 255, 255), 6);
  draw->AddRect(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(120, 130, 140, 255), 6);
  for (const auto& stroke : snapshot.ink) {
    for (std::size_t i = 1; i < stroke.size(); ++i) {
      const ImVec2 a(origin.x + stroke[i - 1][0] * width, origin.y + stroke[i - 1][1] * height);
      const ImVec2 b(origin.x + stroke[i][0] * width, origin.y + stroke[i][1] * height);
      draw->AddLine(a, b, IM_COL32(10, 20, 60, 255), 1.5F + 3.0F * stroke[i][2]);
    }
  }
  ImGui::Dummy(ImVec2(width, height));
  targets().mark("applicant.ink", true);
}

}  // namespace

void draw_applicant_view(ScreenContext& context) {
  const Translations& tr = context.tr;
  const app::CounterSnapshot& snapshot = context.snapshot;
  const bool recording = snapshot.status.recording;
  if (recording || snapshot.intake) {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, kDanger);
    ImGui::BeginChild("recorded", ImVec2(0, 64), false);
    ImGui::SetCursorPos(ImVec2(16, 14));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    ImGui::SetWindowFontScale(1.2F);
    ImGui::TextUnformatted(tr("applicant.recorded"));
    ImGui::SetWindowFontScale(1.0F);
    ImGui::PopStyleColor();
    ImGui::EndChild();
    ImGui::PopStyleColor();
    targets().mark("applicant.recorded", true);
  }
  ImGui::Spacing();
  if (!snapshot.intake) {
    if (!snapshot.sealed_number.empty()) {
      large(tr("applicant.done"));
      ImGui::Text("%s %s", tr("intake.case"), snapshot.sealed_number.c_str());
    } else {
      large(context.counter.config().agency.c_str(), 1.3F);
      ImGui::Spacing();
      large(tr("applicant.welcome"), 1.6F);
      ImGui::TextWrapped("%s", tr("applicant.idle_hint"));
    }
    return;
  }
  const Case& record = *snapshot.intake;
  if (record.party) ImGui::Text("%s %s", tr("applicant.party"), record.party->name.c_str());
  ImGui::Text("%s %s", tr("intake.case"), record.number.c_str());
  ImGui::Separator();
  if (snapshot.signing || record.state == IntakeState::documents_issued) {
    // What they sign: the proof of service, to read (it scrolls), above the ink.
    large(tr("applicant.please_sign"), 1.2F);
    const float width = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize - 16;
    draw_document(context, "proof_of_service", width, ImGui::GetContentRegionAvail().y * 0.5F, "applicant.document");
    draw_ink(snapshot);
  } else {
    large(tr("applicant.received"), 1.2F);
    int copies = 0;
    for (std::size_t i = 0; i < record.materials.size(); ++i) {
      const Material& material = record.materials[i];
      copies += material.copies;
      ImGui::SetWindowFontScale(1.15F);
      ImGui::TextWrapped("%zu. %s", i + 1, material.name.c_str());
      ImGui::SetWindowFontScale(1.0F);
      ImGui::Text("    %s %d · %s %d · %s", tr("material.copies"), material.copies, tr("material.pages"),
                  material.pages,
                  material.form == MaterialForm::original ? tr("material.original") : tr("material.copy"));
    }
    if (!record.materials.empty()) {
      ImGui::Text("%s %zu · %s %d", tr("applicant.items"), record.materials.size(), tr("material.copies"), copies);
    }
    ImGui::Separator();
  }
  if (record.state == IntakeState::service_signed) {
    large(tr("applicant.thanks"), 1.2F);
    const std::pair<app::Rating, const char*> ratings[] = {
        {app::Rating::satisfied, "applicant.satisfied"},
        {app::Rating::basically_satisfied, "applicant.basically_satisfied"},
        {app::Rating::dissatisfied, "applicant.dissatisfied"}};
    for (const auto& [rating, key] : ratings) {
      const bool chosen = snapshot.rating == rating;
      if (colour_button(tr(key), std::string("rating.") + std::string(name_of(rating)), chosen ? kOk : kPrimary,
                        ImVec2(ImGui::GetContentRegionAvail().x, 64))) {
        context.commands.push_back(app::command::Rate{rating});
      }
    }
  }
}

}  // namespace kiosk::ui
