// The screens: plain functions of the counter's snapshot and the UI's own small state, that return what the user
// asked for as commands (Dear ImGui's immediate mode: nothing here holds the app's state).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/counter.h"
#include "ui/frame_texture.h"
#include "ui/i18n.h"

namespace kiosk::ui {

enum class Screen { home, intake, archive, settings, review };

// What the UI keeps between frames: the screen shown, and what is being typed before it becomes a command.
struct UiState {
  Screen screen = Screen::home;
  // Sign-in
  std::string chosen_staff;  // id
  std::string pin;
  // The party panel
  std::string phone;
  bool keypad_for_id = false;  // the keypad types the ID number being entered by hand, not the phone
  bool manual_party = false;
  Party manual;
  PartyKind party_kind = PartyKind::person;
  Party organization;  // an organization's name, credit code and address
  Agent agent;         // who acts for it (filled from their ID card when read)
  // The material being added
  std::optional<Material> pending_material;
  bool materials_finished = false;  // the staff moved on to the decision
  // The decision being made
  DecisionKind decision_kind = DecisionKind::accepted;
  std::string reason;
  std::string legal_basis;
  std::vector<std::string> missing_items;
  // Refusal to sign
  bool refusing = false;
  std::string refusal_note;
  std::string witness;
  std::string abandon_reason;
  bool quit_requested = false;  // a technician closed the kiosk
  // Review
  std::string shown_document;  // the document previewed on the documents step
  std::string review_number;
  std::string review_reason;
  std::string language_request;  // "" or the language to switch to
};

struct ScreenContext {
  const app::CounterSnapshot& snapshot;
  const app::Counter& counter;
  const Translations& tr;
  UiState& ui;
  std::vector<app::Command> commands;
  const FrameTexture* playback = nullptr;  // the recording under review
  const FrameTexture* preview = nullptr;   // the camera, live
  PictureTextures* pictures = nullptr;     // the documents' previews
  SDL_Renderer* renderer = nullptr;
};

void draw_sign_in(ScreenContext& context);
void draw_home(ScreenContext& context);
void draw_intake(ScreenContext& context);
void draw_archive_queue(ScreenContext& context);
void draw_settings(ScreenContext& context);
// A supervisor's review: find a case, see that its files are whole, play its recording — each access audited.
void draw_review(ScreenContext& context);
// The applicant's side: the recording notice, what was received, the document to sign with the live ink, the
// rating, the idle screen.
void draw_applicant_view(ScreenContext& context);

// The steps of an intake, and what each still needs, as translation keys.
struct StepState {
  const char* key;  // "intake.party", …
  bool done;
  bool current;
};
std::vector<StepState> intake_steps(const Case& record);
// What the next step needs before it can be taken (translation keys); empty when it can.
std::vector<std::string> missing_for_next_step(const Case& record);

// A document's preview, scaled to `width`, in a scrolling region `height` high; false when there is none.
bool draw_document(ScreenContext& context, const std::string& kind, float width, float height,
                   const std::string& target);

// 2104**********1234: the middle of an ID number hidden on screens the applicant or others can see.
std::string mask_id_number(const std::string& id_number);

}  // namespace kiosk::ui
