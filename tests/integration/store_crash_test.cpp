// Kill -9 at random moments while intakes are written, many times. After each kill the database opens, passes
// integrity_check, the audit chain verifies, and every step the child reported as committed is there. At the
// end every case is sealed with a bag that verifies, queued once for the archive, numbered without gaps.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <map>
#include <random>
#include <signal.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "kiosk/archive/archive.h"
#include "kiosk/crypto/terminal_key.h"
#include "kiosk/store/store.h"
#include "support/temp_dir.h"

namespace kiosk {
namespace {

namespace fs = std::filesystem;

int environment_number(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atoi(value) : fallback;
}

// Runs the child for `run_ms`, then SIGKILLs it (if it is still running); returns what it printed.
// With `from_launch` the time counts from the start, so the kill may fall in the child's own recovery.
std::string run_and_kill(const fs::path& data_dir, int run_ms, bool recover_only, bool from_launch = false) {
  int pipe_ends[2];
  EXPECT_EQ(::pipe(pipe_ends), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    ::dup2(pipe_ends[1], STDOUT_FILENO);
    ::close(pipe_ends[0]);
    ::close(pipe_ends[1]);
    if (recover_only) {
      ::execl(KIOSK_CRASH_CHILD, KIOSK_CRASH_CHILD, data_dir.c_str(), "--recover-only", nullptr);
    } else {
      ::execl(KIOSK_CRASH_CHILD, KIOSK_CRASH_CHILD, data_dir.c_str(), nullptr);
    }
    ::_exit(127);
  }
  ::close(pipe_ends[1]);
  ::fcntl(pipe_ends[0], F_SETFL, O_NONBLOCK);
  std::string output;
  char buffer[4096];
  // The run time counts from the child's "ready" (after its start-up and recovery), within 60 s.
  auto deadline = std::chrono::steady_clock::now() +
                  (from_launch ? std::chrono::milliseconds(run_ms) : std::chrono::milliseconds(60'000));
  bool ready = recover_only || from_launch;
  int status = 0;
  bool exited = false;
  while (std::chrono::steady_clock::now() < deadline || recover_only) {
    ssize_t count;
    while ((count = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0)
      output.append(buffer, static_cast<std::size_t>(count));
    if (!ready && output.find("ready\n") != std::string::npos) {
      ready = true;
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
    if (::waitpid(child, &status, WNOHANG) == child) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!exited) {
    ::kill(child, SIGKILL);
    ::waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status));
  } else {
    EXPECT_TRUE(recover_only) << "the child stopped by itself: " << status;
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  ssize_t count;
  while ((count = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0)
    output.append(buffer, static_cast<std::size_t>(count));
  ::close(pipe_ends[0]);
  return output;
}

int rank(IntakeState state) {
  return static_cast<int>(state);
}

TEST(StoreCrash, SurvivesKillNineAtRandomMoments) {
  const int iterations = environment_number("KIOSK_CRASH_ITERATIONS", 25);
  const auto seed = static_cast<unsigned>(environment_number("KIOSK_CRASH_SEED", 20261129));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> run_ms(5, 250);
  kiosk::testing::TempDir dir;
  std::map<std::string, IntakeState> reported;  // the furthest committed state the child reported per case
  int reported_lines = 0;

  for (int iteration = 0; iteration < iterations; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration) + ", seed " + std::to_string(seed));
    const bool during_recovery = iteration % 5 == 4;
    std::istringstream lines(run_and_kill(dir.path(), run_ms(random), false, during_recovery));
    std::string number, state_name;
    std::string first;
    lines >> first;
    if (!during_recovery) {
      EXPECT_EQ(first, "ready") << "the child did not get ready";
    }
    while (lines >> number >> state_name) {
      const auto state = enum_from_name<IntakeState>(state_name);
      ASSERT_TRUE(state) << state_name;
      ++reported_lines;
      if (!reported.contains(number) || rank(*state) > rank(reported[number])) reported[number] = *state;
    }

    auto store = store::Store::open(dir / "kiosk.db", *crypto::PersonalDataKey::load(dir / "keys" / "personal.key"));
    ASSERT_TRUE(store) << store.error().message();
    ASSERT_TRUE(store->check_integrity());
    auto chain = store->audit().verify();
    ASSERT_TRUE(chain) << chain.error().message();
    for (const auto& [case_number, state] : reported) {
      auto found = store->cases().find(case_number);
      ASSERT_TRUE(found && found->has_value()) << case_number << " was reported committed but is missing";
      const IntakeState stored = (*found)->state;
      // Later runs may only move a case on (abandon, seal), never back.
      EXPECT_TRUE(rank(stored) >= rank(state) || stored == IntakeState::abandoned || stored == IntakeState::sealed)
          << case_number << " went back from " << name_of(state) << " to " << name_of(stored);
    }
  }
  EXPECT_GT(reported_lines, iterations) << "the child must get work done between kills";

  // One last clean recovery, then the end-state invariants.
  run_and_kill(dir.path(), 0, true);
  auto store = store::Store::open(dir / "kiosk.db", *crypto::PersonalDataKey::load(dir / "keys" / "personal.key"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->check_integrity());
  ASSERT_TRUE(store->audit().verify());
  EXPECT_TRUE(store->cases().unsealed()->empty());
  auto cases = store->cases().list(100000);
  ASSERT_TRUE(cases);
  const auto outbox = *store->outbox().all();
  EXPECT_EQ(outbox.size(), cases->size()) << "every sealed case is queued for the archive exactly once";
  EXPECT_EQ(*store->case_numbers().last("all"), static_cast<std::int64_t>(cases->size()))
      << "case numbers are consecutive without gaps";
  // Every case file whole and signed by the terminal, and all of them one chain: each links to the case sealed
  // before it (which lies beside it), and only the first links to none.
  auto key = crypto::TerminalKey::load_public(dir / "keys" / "terminal.key.pub");
  ASSERT_TRUE(key) << key.error().message();
  int chain_starts = 0;
  for (const store::CaseSummary& summary : *cases) {
    const fs::path bag = dir / "cases" / "T01" / summary.number;
    auto verified = archive::verify_case(bag, *key);
    EXPECT_TRUE(verified) << summary.number << ": " << verified.error().message();
    if (verified && verified->previous_case.empty()) ++chain_starts;
    if (verified && !verified->previous_case.empty()) {
      EXPECT_EQ(verified->previous_checked, std::optional<bool>(true)) << summary.number;
    }
    EXPECT_FALSE(fs::exists(fs::path(bag.string() + ".partial"))) << "a half-written bag was left behind";
  }
  EXPECT_EQ(chain_starts, 1) << "the cases must form one chain";
  RecordProperty("cases", static_cast<int>(cases->size()));
  std::printf("crash test: %d kills, %zu cases, %d committed steps reported, seed %u\n", iterations, cases->size(),
              reported_lines, seed);
}

}  // namespace
}  // namespace kiosk
