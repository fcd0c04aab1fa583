#include "ui/status_bar.h"

#include <imgui.h>
#include <string>

namespace kiosk::ui {
namespace {

ImVec4 vec(Colour colour) {
  return ImVec4(colour.r, colour.g, colour.b, colour.a);
}

constexpr Colour kRed{0.84F, 0.12F, 0.12F, 1.0F};
constexpr Colour kGreen{0.10F, 0.55F, 0.22F, 1.0F};
constexpr Colour kBlue{0.12F, 0.35F, 0.80F, 1.0F};

// A filled pill with its label: what the staff see from across the desk.
void pill(const char* label, Colour colour, const std::string& detail) {
  ImGui::PushStyleColor(ImGuiCol_Button, vec(colour));
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, vec(colour));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, vec(colour));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  ImGui::Button(label, ImVec2(0, 48));
  ImGui::PopStyleColor(4);
  if (!detail.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", detail.c_str());
  ImGui::SameLine();
}

}  // namespace

Colour colour_of(devices::DeviceState state) {
  switch (state) {
    case devices::DeviceState::ready: return kGreen;
    case devices::DeviceState::busy: return kBlue;
    case devices::DeviceState::absent:
    case devices::DeviceState::no_access:
    case devices::DeviceState::fault: return kRed;
  }
  return kRed;
}

void draw_status_bar(const app::TerminalStatus& status, const Translations& tr) {
  if (status.recording) {
    ImGui::PushStyleColor(ImGuiCol_Text, vec(kRed));
    ImGui::TextUnformatted(tr("status.recording"));
    ImGui::PopStyleColor();
    ImGui::SameLine();
  }
  for (const app::DeviceLine& device : status.devices) {
    pill(tr(device.key), colour_of(device.status.state), device.status.detail);
  }
  const std::string archive = std::string(tr("status.archive")) + " " + std::to_string(status.archive_pending);
  pill(archive.c_str(), status.archive_overdue > 0 || status.archive_failed > 0 ? kRed : kGreen,
       status.archive_overdue > 0 ? std::to_string(status.archive_overdue) + " overdue" : "");
  const std::string disk =
      std::string(tr("status.disk")) + " " + std::to_string(status.free_bytes / (1024ULL * 1024 * 1024)) + " GB";
  pill(disk.c_str(), status.disk_low() ? kRed : kGreen, "");
  ImGui::NewLine();
}

}  // namespace kiosk::ui
