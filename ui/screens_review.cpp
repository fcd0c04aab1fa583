// The supervisor's review: a case found by its number (or picked from the latest), its files checked against
// the hashes the case registered, its recording played back — every opening and every playback an audit event
// with who and why.
#include <algorithm>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "ui/screens.h"
#include "ui/widgets.h"

namespace kiosk::ui {
namespace {

void file_line(const app::ReviewFile& file, const Translations& tr) {
  const ImVec4 colour = file.intact ? kOk : kDanger;
  const char* state = file.intact ? tr("review.intact") : file.present ? tr("review.altered") : tr("review.absent");
  ImGui::TextColored(colour, "%s", state);
  ImGui::SameLine();
  ImGui::Text("%s  %.12s…", file.file.c_str(), file.sha256.c_str());
}

}  // namespace

// Accounts locked after wrong PINs: the supervisor unlocks one, with the reason written above.
void locked_accounts(ScreenContext& context) {
  const Translations& tr = context.tr;
  const app::CounterSnapshot& snapshot = context.snapshot;
  if (snapshot.locked_staff.empty()) return;
  ImGui::Separator();
  ImGui::TextUnformatted(tr("review.locked"));
  for (const std::string& id : snapshot.locked_staff) {
    const auto account = std::find_if(snapshot.roster.begin(), snapshot.roster.end(),
                                      [&](const app::StaffAccount& entry) { return entry.staff.id == id; });
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%s %s", id.c_str(), account != snapshot.roster.end() ? account->staff.name.c_str() : "");
    ImGui::SameLine();
    if (colour_button(tr("review.unlock"), "review.unlock." + id, kPrimary, ImVec2(160, kTouchTarget),
                      !context.ui.review_reason.empty())) {
      context.commands.push_back(app::command::UnlockStaff{id, context.ui.review_reason});
    }
  }
}

void draw_review(ScreenContext& context) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  const app::CounterSnapshot& snapshot = context.snapshot;
  ImGui::TextUnformatted(tr("review.title"));
  ImGui::Separator();
  if (!snapshot.review) {
    ImGui::SetNextItemWidth(360);
    ImGui::InputTextWithHint("##number", tr("review.number"), &ui.review_number);
    targets().mark("review.number", true);
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##reason", tr("review.reason"), &ui.review_reason);
    targets().mark("review.reason", true);
    ImGui::TextUnformatted(tr("review.latest"));
    int shown = 0;
    for (auto entry = snapshot.archive.rbegin(); entry != snapshot.archive.rend() && shown < 6; ++entry, ++shown) {
      if (shown % 3 != 0) ImGui::SameLine();
      if (big_button(entry->case_number.c_str(), "review.pick." + std::to_string(shown), ImVec2(260, kTouchTarget))) {
        ui.review_number = entry->case_number;
      }
    }
    if (ui.review_reason.empty()) ImGui::TextColored(kDanger, "%s", tr("review.why"));
    if (colour_button(tr("review.open"), "review.open", kPrimary, ImVec2(240, kTouchTarget),
                      !ui.review_number.empty() && !ui.review_reason.empty())) {
      context.commands.push_back(app::command::OpenReview{ui.review_number, ui.review_reason});
    }
    locked_accounts(context);
    return;
  }
  const app::CaseReview& review = *snapshot.review;
  const Case& record = review.record;
  if (big_button(tr("review.close"), "review.close", ImVec2(200, kTouchTarget))) {
    context.commands.push_back(app::command::CloseReview{});
  }
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ImGui::Text("%s %s · %s · %s", tr("intake.case"), record.number.c_str(), record.matter_type.c_str(),
              tr("outcome." + std::string(outcome_of(record))));
  if (record.party) {
    ImGui::Text("%s %s %s", tr("applicant.party"), record.party->name.c_str(),
                mask_id_number(record.party->id_number).c_str());
  }
  ImGui::Text("%s %s %s", tr("review.staff"), record.staff.name.c_str(), record.staff.id.c_str());
  ImGui::Separator();
  ImGui::TextUnformatted(tr("intake.documents"));
  for (const app::ReviewFile& file : review.documents) file_line(file, tr);
  ImGui::Separator();
  ImGui::TextUnformatted(tr("review.recordings"));
  for (std::size_t i = 0; i < review.media.size(); ++i) {
    file_line(review.media[i], tr);
    ImGui::SameLine();
    if (big_button(tr("review.play"), "review.play." + std::to_string(i), ImVec2(120, 48), review.media[i].present)) {
      context.commands.push_back(app::command::PlayRecording{i});
    }
  }
  if (snapshot.playback && context.playback != nullptr && context.playback->texture() != nullptr) {
    const FrameTexture& picture = *context.playback;
    // As large as the space left allows, in the recording's proportions.
    const float aspect = static_cast<float>(picture.width()) / static_cast<float>(picture.height());
    const ImVec2 space = ImGui::GetContentRegionAvail();
    const float height = std::max(90.0F, std::min(space.y - 50, std::min(space.x, 640.0F) / aspect));
    const float width = height * aspect;
    ImGui::Image(reinterpret_cast<ImTextureID>(picture.texture()), ImVec2(width, height));
    targets().mark("review.picture", true);
    ImGui::Text("%.1f / %.1f s %s", snapshot.playback->position_seconds, snapshot.playback->duration_seconds,
                snapshot.playback->finished ? tr("review.ended") : "");
    if (!snapshot.playback->error.empty()) ImGui::TextColored(kDanger, "%s", snapshot.playback->error.c_str());
  }
}

}  // namespace kiosk::ui
