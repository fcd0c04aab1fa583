// Every (state, event) pair: the table says allowed or not, and the Intake obeys it — a legal event moves to the
// table's state, an illegal one is an error that says what to do and leaves the case exactly as it was.
#include <gtest/gtest.h>

#include <set>

#include "support/intake_driver.h"

namespace kiosk {
namespace {

using S = IntakeState;
using E = IntakeEvent;

// Written out independently of the implementation: the legal transitions and where they lead.
const std::map<std::pair<S, E>, S>& legal() {
  static const std::map<std::pair<S, E>, S> table = {
      {{S::opened, E::identify}, S::identified},
      {{S::identified, E::identify}, S::identified},
      {{S::itemized, E::identify}, S::itemized},
      {{S::identified, E::add_material}, S::itemized},
      {{S::itemized, E::add_material}, S::itemized},
      {{S::itemized, E::remove_material}, S::identified},  // the only material removed
      {{S::itemized, E::decide}, S::decided},
      {{S::decided, E::decide}, S::decided},
      {{S::decided, E::issue_documents}, S::documents_issued},
      {{S::documents_issued, E::issue_documents}, S::documents_issued},
      {{S::documents_issued, E::sign}, S::service_signed},
      {{S::decided, E::close}, S::closed},
      {{S::documents_issued, E::close}, S::closed},
      {{S::service_signed, E::close}, S::closed},
      {{S::closed, E::seal}, S::sealed},
      {{S::abandoned, E::seal}, S::sealed},
  };
  return table;
}

bool abandon_allowed(S state) {
  return state != S::closed && state != S::abandoned && state != S::sealed;
}

using Pair = std::tuple<S, E>;

class TransitionTable : public ::testing::TestWithParam<Pair> {};

TEST_P(TransitionTable, IntakeObeysTheTable) {
  const auto [state, event] = GetParam();
  std::optional<S> expected;
  if (auto found = legal().find({state, event}); found != legal().end()) expected = found->second;
  if (event == E::abandon && abandon_allowed(state)) expected = S::abandoned;
  if (event == E::attach_media && state != S::sealed) expected = state;

  Intake intake = testing::drive_to(state);
  const Case before = intake.record();
  auto result = testing::perform(intake, event);
  if (expected) {
    ASSERT_TRUE(result) << result.error().message();
    EXPECT_EQ(intake.state(), *expected);
    EXPECT_EQ(result->case_number, before.number);
    EXPECT_EQ(result->actor, before.staff.id);
    EXPECT_FALSE(result->kind.empty());
  } else {
    ASSERT_FALSE(result) << "event " << name_of(event) << " must be refused in " << name_of(state);
    EXPECT_NE(result.error().message().find("cannot " + std::string(name_of(event))), std::string::npos);
    EXPECT_NE(result.error().message().find(" — "), std::string::npos) << "the error must say what to do";
    EXPECT_EQ(intake.record(), before) << "a refused event must not change the case";
  }
  // next_state agrees with the table (remove_material's table entry is the usual case: more than one material).
  if (event != E::remove_material) {
    EXPECT_EQ(next_state(state, event), expected);
  }
}

std::vector<Pair> all_pairs() {
  std::vector<Pair> pairs;
  for (const auto& [state, state_name] : EnumNames<S>::entries) {
    for (const auto& [event, event_name] : EnumNames<E>::entries) pairs.emplace_back(state, event);
  }
  return pairs;
}

INSTANTIATE_TEST_SUITE_P(AllStatesAndEvents, TransitionTable, ::testing::ValuesIn(all_pairs()),
                         [](const ::testing::TestParamInfo<Pair>& pair) {
                           return std::string(name_of(std::get<0>(pair.param))) + "_" +
                                  std::string(name_of(std::get<1>(pair.param)));
                         });

}  // namespace
}  // namespace kiosk
