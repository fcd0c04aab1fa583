// The victim of the crash test: runs whole intakes against a data directory, forever, and reports on stdout
// every step the store has committed ("<case-number> <state>"). With --recover-only it only seals what an
// earlier run left unsealed, then exits.
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>

#include "kiosk/app/intake_controller.h"
#include "kiosk/app/store_access.h"

namespace {

void report(const kiosk::Case* record) {
  // One write per line: a pipe write of less than PIPE_BUF bytes is atomic, so the parent never reads half.
  const std::string line = record->number + " " + std::string(kiosk::name_of(record->state)) + "\n";
  (void)!::write(STDOUT_FILENO, line.data(), line.size());
}

int die(const kiosk::Error& error) {
  std::fprintf(stderr, "crash child: %s\n", error.message().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiosk;
  if (argc < 2) return 2;
  app::Config config;
  config.data_dir = argv[1];
  config.case_number_pattern = "CRASH-{seq:06}";
  const bool recover_only = argc > 2 && std::strcmp(argv[2], "--recover-only") == 0;

  auto store = app::open_store(config);
  if (!store) return die(store.error());
  media::SystemClock clock;
  auto controller = app::IntakeController::create(*store, clock, config);
  if (!controller) return die(controller.error());
  if (auto recovered = controller->recover_unsealed(); !recovered) return die(recovered.error());
  if (recover_only) return 0;
  // The parent times its kill from here: start-up (slow under sanitizers) is not what is being tested.
  (void)!::write(STDOUT_FILENO, "ready\n", 6);

  const Staff staff{"S001", "李明", "44010020260001"};
  Party party;
  party.name = "张三";
  party.id_number = "11010519491231002X";
  party.phone = "13800138000";
  party.address = "广东省广州市天河区示例路1号";
  for (;;) {
    if (auto opened = controller->open_case(staff, "行政许可申请"); !opened) return die(opened.error());
    report(controller->current());
    if (auto step = controller->identify(party); !step) return die(step.error());
    report(controller->current());
    for (int index = 1; index <= 3; ++index) {
      if (auto step =
              controller->add_material(Material{"材料" + std::to_string(index), index, 2, MaterialForm::original, ""});
          !step) {
        return die(step.error());
      }
      report(controller->current());
    }
    if (auto step = controller->decide(Decision{DecisionKind::accepted, "", "", {}}); !step) return die(step.error());
    report(controller->current());
    if (auto step = controller->close(); !step) return die(step.error());
    report(controller->current());
    if (auto sealed = controller->seal(); !sealed) return die(sealed.error());
    report(controller->current());
  }
}
