// The staff console's status bar: every device with its state (green ready, blue busy, red absent / no access /
// fault, with what to do on hover), the archive queue, the free disk, and the red recording mark.
#pragma once

#include "kiosk/app/terminal_status.h"
#include "ui/i18n.h"

namespace kiosk::ui {

// Colours of a state, as RGBA 0..1.
struct Colour {
  float r, g, b, a;
};
Colour colour_of(devices::DeviceState state);

// Draws the bar into the current ImGui window.
void draw_status_bar(const app::TerminalStatus& status, const Translations& tr);

}  // namespace kiosk::ui
