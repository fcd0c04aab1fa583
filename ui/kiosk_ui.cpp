#include "ui/kiosk_ui.h"

#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <stb/stb_image_write.h>
#include <thread>

#include "kiosk/app/demo.h"
#include "kiosk/app/log.h"
#include "ui/fonts.h"
#include "ui/status_bar.h"
#include "ui/widgets.h"

namespace kiosk::ui {

namespace {

// The look of one window (each has its own ImGui context), after its font is loaded.
void apply_style(const Platform& platform) {
  ImGuiStyle& style = ImGui::GetStyle();
  // Square corners with the software renderer: SDL draws an axis-aligned quad as one fill or blit, where a rounded
  // corner is a fan of triangles rasterized one by one.
  style.FrameRounding = platform.renderer_name() == "software" ? 0 : 6;
  style.FramePadding = ImVec2(12, 10);
  style.ItemSpacing = ImVec2(10, 10);
  style.ScrollbarSize = 24;  // a finger's width
  style.Colors[ImGuiCol_WindowBg] = rgb(0xf5, 0xf6, 0xf8);
  // The backgrounds are SDL fills (Platform::set_backdrop), not ImGui's: see there.
  style.Colors[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  style.Colors[ImGuiCol_Text] = rgb(0x1a, 0x1d, 0x21);
  style.Colors[ImGuiCol_Button] = rgb(0xdd, 0xe3, 0xea);
  style.Colors[ImGuiCol_ButtonHovered] = rgb(0xcc, 0xd5, 0xe0);
  style.Colors[ImGuiCol_ButtonActive] = rgb(0xb0, 0xbe, 0xcf);
  style.Colors[ImGuiCol_FrameBg] = rgb(0xff, 0xff, 0xff);
  style.Colors[ImGuiCol_Border] = rgb(0xc8, 0xcf, 0xd8);
}

// Which window an event is for (0: none in particular).
std::uint32_t window_of(const SDL_Event& event) {
  switch (event.type) {
    case SDL_MOUSEMOTION: return event.motion.windowID;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP: return event.button.windowID;
    case SDL_MOUSEWHEEL: return event.wheel.windowID;
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
    case SDL_FINGERMOTION: return event.tfinger.windowID;
    case SDL_KEYDOWN:
    case SDL_KEYUP: return event.key.windowID;
    case SDL_TEXTINPUT: return event.text.windowID;
    case SDL_TEXTEDITING: return event.edit.windowID;
    case SDL_WINDOWEVENT: return event.window.windowID;
    default: return 0;
  }
}

}  // namespace

Expected<std::unique_ptr<KioskUi>> KioskUi::open(app::Counter& counter, const WindowOptions& window) {
  Translations tr = TRY(Translations::load(app::assets_dir() / "i18n"));
  tr.use(counter.config().ui.language);
  std::unique_ptr<KioskUi> ui(new KioskUi(counter, std::move(tr)));
  // Every string the screens can show: the UI's, the catalog's, the staff's names, the agency.
  std::string text = ui->tr_.all_text() + counter.config().agency;
  for (const app::MatterType& matter : counter.catalog().matters) {
    text += matter.name;
    for (const Material& material : matter.materials) text += material.name;
  }
  // (The snapshot held while its roster is read: a range-for over a temporary's member would outlive it.)
  const auto snapshot = counter.snapshot();
  for (const app::StaffAccount& account : snapshot->roster) text += account.staff.name;
  if (counter.config().ui.applicant_view == "window") {
    // The applicant's own window, on the second display where there is one.
    WindowOptions applicant = window;
    applicant.title = "Counter Kiosk · 申请人";
    applicant.width = 1024;
    applicant.height = 768;
    applicant.display = 1;
    ui->applicant_ = TRY(Platform::open(applicant));
    TRY(load_ui_font(30, text));
    apply_style(*ui->applicant_);
  }
  ui->platform_ = TRY(Platform::open(window));
  TRY(load_ui_font(26, text));
  apply_style(*ui->platform_);
  return ui;
}

KioskUi::~KioskUi() = default;

bool KioskUi::frame() {
  SDL_Event event;
  while (SDL_PollEvent(&event) != 0) {
    if (event.type == SDL_QUIT) continue;  // only a technician closes the kiosk
    const bool applicant = applicant_ && window_of(event) == applicant_->window_id();
    Platform& target = applicant ? *applicant_ : *platform_;
    PointerInput& pointer = applicant ? applicant_pointer_ : pointer_;
    int width = 0;
    int height = 0;
    SDL_GetWindowSize(target.window(), &width, &height);
    if (!pointer.handle(event, width, height)) {
      target.make_current();
      ImGui_ImplSDL2_ProcessEvent(&event);
    }
    if (event.type != SDL_WINDOWEVENT) last_input_ = std::chrono::steady_clock::now();
  }
  const std::shared_ptr<const app::CounterSnapshot> snapshot = counter_.snapshot();
  // Nobody left signed in at an idle counter; never in the middle of an intake.
  const int idle_minutes = counter_.config().ui.idle_signout_minutes;
  if (snapshot->staff && !snapshot->intake && snapshot->busy.empty() && idle_minutes > 0 &&
      std::chrono::steady_clock::now() - last_input_ > std::chrono::minutes(idle_minutes)) {
    counter_.submit(app::command::SignOut{});
    last_input_ = std::chrono::steady_clock::now();
  }
  // The screen stays on while an applicant is at the counter.
  if (snapshot->intake) {
    SDL_DisableScreenSaver();
  } else {
    SDL_EnableScreenSaver();
  }
  preview_.update(platform_->renderer(), counter_.preview());
  std::vector<std::shared_ptr<const devices::GrayImage>> shown;
  for (const app::DocumentPreview& document : snapshot->previews) shown.push_back(document.picture);
  pictures_.keep_only(shown);
  applicant_pictures_.keep_only(shown);
  playback_.update(platform_->renderer(), counter_.playback_frame());
  targets().begin_frame();
  std::vector<app::Command> commands;
  platform_->begin_frame([&] { pointer_.apply(); });
  draw(*snapshot, commands);
  platform_->end_frame();
  platform_->present();
  if (applicant_) {
    targets().set_window(1);
    applicant_->begin_frame([&] { applicant_pointer_.apply(); });
    draw_applicant_window(*snapshot, commands);
    applicant_->end_frame();
    applicant_->present();
    targets().set_window(0);
  }
  targets().end_frame();
  for (app::Command& command : commands) counter_.submit(std::move(command));
  if (!ui_.language_request.empty()) {
    tr_.use(ui_.language_request);
    ui_.language_request.clear();
  }
  return !ui_.quit_requested;
}

void KioskUi::draw_top_bar(ScreenContext& context) {
  const app::CounterSnapshot& snapshot = context.snapshot;
  if (snapshot.intake && preview_.texture() != nullptr) {
    // The live thumbnail beside the red mark: the staff see what the camera sees.
    const float height = 64;
    const float width = height * static_cast<float>(preview_.width()) / static_cast<float>(preview_.height());
    ImGui::Image(reinterpret_cast<ImTextureID>(preview_.texture()), ImVec2(width, height));
    targets().mark("preview", true);
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  ImGui::SetWindowFontScale(0.85F);
  app::TerminalStatus devices = snapshot.status;
  devices.recording = false;  // the red mark has a line of its own, below
  draw_status_bar(devices, tr_);
  ImGui::SetWindowFontScale(1.0F);
  ImGui::EndGroup();
  if (snapshot.status.recording) {
    ImGui::TextColored(kDanger, "%s", tr_("status.recording"));
    targets().mark("status.recording", true);
    ImGui::SameLine();
  }
  if (snapshot.staff) {
    ImGui::Text("%s %s", snapshot.staff->staff.name.c_str(), snapshot.staff->staff.id.c_str());
    ImGui::SameLine();
    if (big_button(tr_("nav.home"), "nav.home", ImVec2(120, 48)))
      ui_.screen = snapshot.intake ? Screen::intake : Screen::home;
    ImGui::SameLine();
    if (big_button(tr_("nav.archive"), "nav.archive", ImVec2(120, 48))) ui_.screen = Screen::archive;
    ImGui::SameLine();
    if (snapshot.staff->role == app::StaffRole::supervisor) {
      if (big_button(tr_("nav.review"), "nav.review", ImVec2(120, 48))) ui_.screen = Screen::review;
      ImGui::SameLine();
    }
    if (big_button(tr_("nav.settings"), "nav.settings", ImVec2(120, 48))) ui_.screen = Screen::settings;
    ImGui::SameLine();
    if (big_button(tr_("nav.sign_out"), "nav.sign_out", ImVec2(120, 48), !snapshot.intake)) {
      context.commands.push_back(app::command::SignOut{});
      ui_ = UiState{};
    }
    ImGui::SameLine();
  }
  if (big_button(tr_("app.language"), "nav.language", ImVec2(120, 48))) {
    ui_.language_request = tr_.language() == "zh_CN" ? "en" : "zh_CN";
  }
  if (!snapshot.busy.empty()) {
    ImGui::TextColored(kPrimary, "%s", tr_(snapshot.busy));
  } else if (!snapshot.error.empty()) {
    ImGui::TextColored(kDanger, "%s", snapshot.error.c_str());
  }
  ImGui::Separator();
}

void KioskUi::draw_applicant_window(const app::CounterSnapshot& snapshot, std::vector<app::Command>& commands) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  ScreenContext context{
      snapshot, counter_, tr_, ui_, {}, nullptr, nullptr, &applicant_pictures_, applicant_->renderer()};
  applicant_->set_backdrop(
      {Platform::Fill{0, 0, static_cast<int>(size.x), static_cast<int>(size.y), 0xe8, 0xf0, 0xfb}});
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(size);
  ImGui::Begin("applicant", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoBackground);
  ImGui::SetWindowFontScale(1.15F);
  draw_applicant_view(context);
  ImGui::End();
  for (app::Command& command : context.commands) commands.push_back(std::move(command));
}

void KioskUi::draw(const app::CounterSnapshot& snapshot, std::vector<app::Command>& commands) {
  const ImVec2 size = ImGui::GetIO().DisplaySize;
  const bool panel = !applicant_;
  const float console_width = panel ? size.x - kApplicantPanelWidth : size.x;
  ScreenContext context{snapshot, counter_, tr_, ui_, {}, &playback_, &preview_, &pictures_, platform_->renderer()};
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;
  if (panel) {
    platform_->set_backdrop({Platform::Fill{static_cast<int>(console_width), 0, static_cast<int>(kApplicantPanelWidth),
                                            static_cast<int>(size.y), 0xe8, 0xf0, 0xfb}});
  }

  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(console_width, size.y));
  ImGui::Begin("console", nullptr, kFlags);
  draw_top_bar(context);
  if (!snapshot.staff) {
    ui_.screen = Screen::home;
    draw_sign_in(context);
  } else {
    if (snapshot.intake && ui_.screen == Screen::home) ui_.screen = Screen::intake;
    if (!snapshot.intake && ui_.screen == Screen::intake && snapshot.busy.empty()) ui_.screen = Screen::home;
    switch (ui_.screen) {
      case Screen::home: draw_home(context); break;
      case Screen::intake:
        if (snapshot.intake) draw_intake(context);
        break;
      case Screen::archive: draw_archive_queue(context); break;
      case Screen::settings: draw_settings(context); break;
      case Screen::review: draw_review(context); break;
    }
  }
  ImGui::End();

  if (panel) {
    ImGui::SetNextWindowPos(ImVec2(console_width, 0));
    ImGui::SetNextWindowSize(ImVec2(kApplicantPanelWidth, size.y));
    ImGui::Begin("applicant", nullptr, kFlags);
    draw_applicant_view(context);
    ImGui::End();
  }
  for (app::Command& command : context.commands) commands.push_back(std::move(command));
}

Expected<void> KioskUi::save_png(const std::filesystem::path& path, bool applicant) const {
  if (applicant && !applicant_) return Error("UI: there is no applicant window (ui.applicant_view is \"panel\")");
  int width = 0;
  int height = 0;
  const std::vector<std::uint8_t> rgba = TRY((applicant ? applicant_ : platform_)->read_pixels(width, height));
  if (stbi_write_png(path.c_str(), width, height, 4, rgba.data(), width * 4) == 0) {
    return Error("UI: cannot write the screenshot " + path.string());
  }
  return {};
}

int run_kiosk(app::Counter& counter, const WindowOptions& window, const std::atomic<bool>& stop,
              const LoopHooks& hooks) {
  auto ui = KioskUi::open(counter, window);
  if (!ui) {
    app::log::error(ui.error().message());
    return 1;
  }
  bool first = true;
  while (!stop.load()) {
    const auto start = std::chrono::steady_clock::now();
    if (!(*ui)->frame()) break;
    if (first && hooks.first_frame) hooks.first_frame();
    first = false;
    if (hooks.every_frame) hooks.every_frame();
    // About 60 frames a second whether or not the renderer waits for the display's vsync.
    std::this_thread::sleep_until(start + std::chrono::microseconds(16'667));
  }
  return 0;
}

}  // namespace kiosk::ui
