// Sign-in, the home screen, the archive queue and the technician's settings.
#include "ui/screens.h"

#include <algorithm>
#include <ctime>
#include <imgui.h>

#include "ui/widgets.h"

namespace kiosk::ui {
namespace {

const char* role_key(app::StaffRole role) {
  switch (role) {
    case app::StaffRole::intake: return "role.intake";
    case app::StaffRole::supervisor: return "role.supervisor";
    case app::StaffRole::technician: return "role.technician";
  }
  return "role.intake";
}

std::string date_of(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
  return text;
}

}  // namespace

std::string mask_id_number(const std::string& id_number) {
  if (id_number.size() <= 8) return std::string(id_number.size(), '*');
  return id_number.substr(0, 4) + std::string(id_number.size() - 8, '*') + id_number.substr(id_number.size() - 4);
}

bool draw_document(ScreenContext& context, const std::string& kind, float width, float height,
                   const std::string& target) {
  if (context.pictures == nullptr) return false;
  for (const app::DocumentPreview& document : context.snapshot.previews) {
    if (document.kind != kind) continue;
    // Never wider than printed: a receipt is shown dot for dot, an A4 page scaled down to fit.
    const int shown = std::min(static_cast<int>(width), static_cast<int>(document.picture->width));
    SDL_Texture* texture = context.pictures->get(context.renderer, document.picture, shown);
    if (texture == nullptr) return false;
    int texture_width = 0;
    int texture_height = 0;
    SDL_QueryTexture(texture, nullptr, nullptr, &texture_width, &texture_height);
    ImGui::BeginChild(target.c_str(),
                      ImVec2(static_cast<float>(texture_width) + ImGui::GetStyle().ScrollbarSize + 16, height), true);
    ImGui::Image(reinterpret_cast<ImTextureID>(texture),
                 ImVec2(static_cast<float>(texture_width), static_cast<float>(texture_height)));
    ImGui::EndChild();
    targets().mark(target, true);
    return true;
  }
  return false;
}

void draw_sign_in(ScreenContext& context) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  ImGui::TextUnformatted(tr("signin.title"));
  ImGui::Separator();
  if (!context.snapshot.roster_error.empty()) {
    ImGui::TextColored(kDanger, "%s", context.snapshot.roster_error.c_str());
    return;
  }
  ImGui::TextUnformatted(tr("signin.who"));
  int index = 0;
  for (const app::StaffAccount& account : context.snapshot.roster) {
    if (index++ % 3 != 0) ImGui::SameLine();
    const std::string label = account.staff.name + "  " + account.staff.id + "\n" + tr(role_key(account.role));
    const bool chosen = ui.chosen_staff == account.staff.id;
    if (colour_button(label.c_str(), "signin.staff." + account.staff.id, chosen ? kPrimary : rgb(0x60, 0x6a, 0x78),
                      ImVec2(240, 72))) {
      ui.chosen_staff = account.staff.id;
      ui.pin.clear();
    }
  }
  if (ui.chosen_staff.empty()) return;
  ImGui::Spacing();
  ImGui::Text("%s %s", tr("signin.pin"), std::string(ui.pin.size(), '*').c_str());
  numeric_keypad(ui.pin, 12, "signin.pin");
  if (colour_button(tr("signin.submit"), "signin.submit", kOk, ImVec2(240, kTouchTarget), ui.pin.size() >= 4)) {
    context.commands.push_back(app::command::SignIn{ui.chosen_staff, ui.pin});
    ui.pin.clear();
  }
}

void draw_home(ScreenContext& context) {
  const Translations& tr = context.tr;
  ImGui::TextUnformatted(tr("home.new_intake"));
  ImGui::Separator();
  int index = 0;
  for (const app::MatterType& matter : context.counter.catalog().matters) {
    if (index % 2 != 0) ImGui::SameLine();
    if (colour_button(matter.name.c_str(), "home.matter." + std::to_string(index), kPrimary, ImVec2(320, 80))) {
      context.commands.push_back(app::command::OpenCase{matter.name});
      UiState fresh;  // nothing typed for the last intake carries over
      fresh.screen = Screen::intake;
      fresh.chosen_staff = context.ui.chosen_staff;
      context.ui = std::move(fresh);
    }
    ++index;
  }
  if (!context.snapshot.sealed_number.empty()) {
    ImGui::Spacing();
    ImGui::TextColored(kOk, "%s %s", tr("home.sealed"), context.snapshot.sealed_number.c_str());
  }
}

void draw_archive_queue(ScreenContext& context) {
  const Translations& tr = context.tr;
  ImGui::TextUnformatted(tr("archive.title"));
  ImGui::Separator();
  if (ImGui::BeginTable("queue", 5, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY)) {
    for (const char* key : {"archive.case", "archive.state", "archive.deadline", "archive.attempts", "archive.error"}) {
      ImGui::TableSetupColumn(tr(key));
    }
    ImGui::TableHeadersRow();
    for (auto entry = context.snapshot.archive.rbegin(); entry != context.snapshot.archive.rend(); ++entry) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(entry->case_number.c_str());
      ImGui::TableNextColumn();
      const std::string state_key = "archive.state_" + entry->state;
      ImGui::TextColored(entry->state == "verified" ? kOk
                         : entry->state == "failed" ? kDanger
                                                    : kPrimary,
                         "%s", tr(state_key));
      ImGui::TableNextColumn();
      const bool late = entry->state != "verified" && entry->level != app::DeadlineLevel::ok;
      ImGui::TextColored(late ? kDanger : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s",
                         date_of(entry->deadline_unix_ms).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", entry->attempts);
      ImGui::TableNextColumn();
      ImGui::TextWrapped("%s", entry->last_error.c_str());
    }
    ImGui::EndTable();
  }
}

namespace {

// The terminal check's lines, in a scrolling panel: the verdict's colour, the check's name, what was found and what
// to do.
void draw_checks(const Translations& tr, const std::vector<app::DoctorLine>& checks) {
  const bool failed = app::any_failed(checks);
  ImGui::TextColored(failed ? kDanger : kOk, "%s", tr(failed ? "settings.check_failed" : "settings.check_ready"));
  ImGui::BeginChild("checks", ImVec2(0, std::max(120.0F, ImGui::GetContentRegionAvail().y - 8)), true);
  for (const app::DoctorLine& line : checks) {
    const ImVec4 colour = line.verdict == app::Verdict::ok     ? kOk
                          : line.verdict == app::Verdict::warn ? kWarning
                                                               : kDanger;
    std::string key = "check." + line.check;
    std::replace(key.begin(), key.end(), ' ', '_');
    ImGui::TextColored(colour, "%s", tr(key));
    ImGui::SameLine(110);
    ImGui::TextWrapped("%s%s%s", line.detail.c_str(), line.remedy.empty() ? "" : " → ", line.remedy.c_str());
  }
  ImGui::EndChild();
  targets().mark("settings.checks", true);
}

}  // namespace

void draw_settings(ScreenContext& context) {
  const Translations& tr = context.tr;
  UiState& ui = context.ui;
  const app::CounterSnapshot& snapshot = context.snapshot;
  ImGui::TextUnformatted(tr("settings.title"));
  ImGui::Separator();
  const bool technician = snapshot.staff && snapshot.staff->role == app::StaffRole::technician;
  if (!technician) {
    ImGui::TextColored(kDanger, "%s", tr("settings.technician_only"));
    return;
  }
  if (colour_button(tr("settings.quit"), "settings.quit", kDanger, ImVec2(260, kTouchTarget),
                    !snapshot.intake.has_value())) {
    ui.quit_requested = true;
  }
  // Left: the devices and their tests; right: the camera's picture and the microphone's level, live.
  ImGui::BeginTable("settings", 2);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(tr("settings.devices"));
  for (const app::DeviceLine& device : snapshot.status.devices) {
    ImGui::BulletText("%s: %s", tr(device.key),
                      device.status.state == devices::DeviceState::ready ? tr("settings.ok")
                      : device.status.detail.empty()                     ? tr("settings.fault")
                                                                         : device.status.detail.c_str());
  }
  if (big_button(tr("settings.test_page"), "settings.test_page", ImVec2(260, kTouchTarget))) {
    context.commands.push_back(app::command::PrintTestPage{});
  }
  if (big_button(tr("settings.card_test"), "settings.card_test", ImVec2(260, kTouchTarget))) {
    context.commands.push_back(app::command::ReadCard{});
  }
  if (snapshot.card_party) {
    ImGui::Text("%s %s", snapshot.card_party->name.c_str(), mask_id_number(snapshot.card_party->id_number).c_str());
  }
  // The terminal's own lines of `kiosk doctor`: disk, clock, key, staff, database, archive.
  if (big_button(tr("settings.check"), "settings.check", ImVec2(260, kTouchTarget))) {
    context.commands.push_back(app::command::CheckTerminal{});
  }
  ImGui::TableNextColumn();
  if (context.preview != nullptr && context.preview->texture() != nullptr) {
    ImGui::TextUnformatted(tr("settings.camera"));
    const float width = 320;
    const float height =
        width * static_cast<float>(context.preview->height()) / static_cast<float>(context.preview->width());
    ImGui::Image(reinterpret_cast<ImTextureID>(context.preview->texture()), ImVec2(width, height));
    targets().mark("settings.camera", true);
  }
  ImGui::BeginGroup();
  ImGui::TextUnformatted(tr("settings.microphone"));
  const float level = std::clamp((snapshot.status.microphone_peak_dbfs + 60.0F) / 60.0F, 0.0F, 1.0F);
  const std::string decibels = std::to_string(static_cast<int>(snapshot.status.microphone_peak_dbfs)) + " dBFS";
  ImGui::ProgressBar(level, ImVec2(240, 32), decibels.c_str());
  targets().mark("settings.microphone", true);
  ImGui::EndGroup();
  if (!snapshot.checks.empty()) draw_checks(tr, snapshot.checks);
  ImGui::EndTable();
  ImGui::Separator();
  const app::Config& config = context.counter.config();
  ImGui::TextUnformatted(tr("settings.config"));
  ImGui::BulletText("terminal.id = %s", config.terminal_id.c_str());
  ImGui::BulletText("storage.data_dir = %s", config.data_dir.c_str());
  ImGui::BulletText("devices.simulate = %s", config.simulate ? "true" : "false");
  ImGui::BulletText("archive.sink = %s", config.archive.sink.c_str());
  ImGui::BulletText("printer.width_dots = %u", config.printer.width_dots);
}

}  // namespace kiosk::ui
