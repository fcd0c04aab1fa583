#include "ui/widgets.h"

#include <imgui_stdlib.h>
#include <string>

namespace kiosk::ui {

void Targets::mark(const std::string& name, bool enabled) {
  const ImVec2 min = ImGui::GetItemRectMin();
  const ImVec2 max = ImGui::GetItemRectMax();
  current_[name] = TargetRect{min.x, min.y, max.x, max.y, enabled, window_};
}

Targets& targets() {
  static Targets instance;
  return instance;
}

ImVec4 rgb(int r, int g, int b) {
  return ImVec4(static_cast<float>(r) / 255.0F, static_cast<float>(g) / 255.0F, static_cast<float>(b) / 255.0F, 1.0F);
}

bool big_button(const char* label, const std::string& target, ImVec2 size, bool enabled) {
  if (!enabled) ImGui::BeginDisabled();
  // The widget's ImGui id comes from its target name, not its label: two widgets may say the same words (the
  // "ID number" field and the keypad's "ID number" switch) without being taken for one another.
  ImGui::PushID(target.c_str());
  const bool pressed = ImGui::Button(label, size);
  ImGui::PopID();
  if (!enabled) ImGui::EndDisabled();
  targets().mark(target, enabled);
  return pressed && enabled;
}

bool colour_button(const char* label, const std::string& target, ImVec4 colour, ImVec2 size, bool enabled) {
  ImGui::PushStyleColor(ImGuiCol_Button, colour);
  ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(colour.x * 1.1F, colour.y * 1.1F, colour.z * 1.1F, 1));
  ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImVec4(colour.x * 0.8F, colour.y * 0.8F, colour.z * 0.8F, 1));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  const bool pressed = big_button(label, target, size, enabled);
  ImGui::PopStyleColor(4);
  return pressed;
}

bool numeric_keypad(std::string& value, std::size_t max_length, const std::string& target, bool allow_x) {
  static constexpr const char* kKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "←"};
  const ImVec2 key(72, kTouchTarget);
  bool changed = false;
  ImGui::PushID(target.c_str());
  for (int i = 0; i < 12; ++i) {
    if (i % 3 != 0) ImGui::SameLine();
    const std::string label = kKeys[i];
    const std::string name = target + "." + (label == "←" ? "back" : label == "C" ? "clear" : label);
    if (big_button(kKeys[i], name, key)) {
      if (label == "←") {
        if (!value.empty()) value.pop_back();
      } else if (label == "C") {
        value.clear();
      } else if (value.size() < max_length) {
        value += label;
      }
      changed = true;
    }
  }
  if (allow_x) {
    if (big_button("X", target + ".X", ImVec2(key.x * 3 + ImGui::GetStyle().ItemSpacing.x * 2, key.y)) &&
        value.size() < max_length) {
      value += 'X';
      changed = true;
    }
  }
  ImGui::PopID();
  return changed;
}

bool text_field(const char* label, std::string* value, const std::string& target) {
  ImGui::PushID(target.c_str());
  const bool changed = ImGui::InputText(label, value);
  ImGui::PopID();
  targets().mark(target, true);
  return changed;
}

void stepper(const char* label, int& value, int minimum, int maximum, const std::string& target) {
  ImGui::PushID(target.c_str());
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  ImGui::SameLine();
  if (big_button("−", target + ".minus", ImVec2(kTouchTarget, kTouchTarget), value > minimum)) --value;
  ImGui::SameLine();
  ImGui::Text("%3d", value);
  ImGui::SameLine();
  if (big_button("+", target + ".plus", ImVec2(kTouchTarget, kTouchTarget), value < maximum)) ++value;
  ImGui::PopID();
}

}  // namespace kiosk::ui
