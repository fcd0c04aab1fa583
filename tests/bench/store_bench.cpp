// How fast the spine is on the terminal's own disk: audit appends and whole intakes with synchronous=FULL,
// chain verification, case file hashing. Run: build/tests/bench/store_bench
#include <benchmark/benchmark.h>

#include <fstream>

#include "kiosk/app/intake_controller.h"
#include "kiosk/app/store_access.h"
#include "kiosk/crypto/crypto.h"
#include "support/fixtures.h"
#include "support/temp_dir.h"
#include "support/test_key.h"

namespace kiosk {
namespace {

// One audit event per transaction, as every intake step is: bound by fsync.
void BM_AuditAppendCommitted(benchmark::State& state) {
  testing::TempDir dir;
  store::Store store = std::move(*store::Store::open(dir / "kiosk.db", testing::test_personal_key()));
  const AuditEvent event{"A-1", "material.added", "S001", testing::at(0), {{"name", "申请书"}, {"copies", "1"}}};
  for (auto _ : state) {
    auto appended = store.audit().append(event);
    benchmark::DoNotOptimize(appended);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AuditAppendCommitted)->Unit(benchmark::kMicrosecond);

// A whole intake: open, identify, three materials, decide, close, seal (bag written and fsynced).
void BM_WholeIntake(benchmark::State& state) {
  testing::TempDir dir;
  app::Config config;
  config.data_dir = dir.path();
  store::Store store = std::move(*app::open_store(config));
  media::SystemClock clock;
  app::IntakeController controller = std::move(*app::IntakeController::create(store, clock, config));
  for (auto _ : state) {
    (void)controller.open_case(testing::staff(), "行政许可申请");
    (void)controller.identify(testing::person());
    for (int i = 0; i < 3; ++i) (void)controller.add_material(testing::material());
    (void)controller.decide(testing::accepted());
    (void)controller.close();
    auto sealed = controller.seal();
    if (!sealed) state.SkipWithError(sealed.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_WholeIntake)->Unit(benchmark::kMillisecond);

// `kiosk store check` on a year of one terminal's audit log (~100 intakes a day × 9 events × 250 days).
void BM_VerifyChain(benchmark::State& state) {
  testing::TempDir dir;
  store::Store store = std::move(*store::Store::open(dir / "kiosk.db", testing::test_personal_key()));
  const auto rows = state.range(0);
  (void)store.transaction([&]() -> Expected<void> {
    for (std::int64_t i = 0; i < rows; ++i) {
      TRY(store.audit().append(AuditEvent{"A-" + std::to_string(i / 9), "step", "S001", testing::at(i), {{"k", "v"}}}));
    }
    return {};
  });
  for (auto _ : state) {
    auto report = store.audit().verify();
    if (!report || report->rows != rows) state.SkipWithError("chain did not verify");
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_VerifyChain)->Arg(225'000)->Unit(benchmark::kMillisecond);

// Hashing a recording segment for the manifest (a 5-minute 720p segment is ~60 MB).
void BM_Sha256File(benchmark::State& state) {
  testing::TempDir dir;
  const std::string block(1 << 20, 'v');
  {
    std::ofstream file(dir / "segment.mp4", std::ios::binary);
    for (int i = 0; i < 64; ++i) file << block;
  }
  for (auto _ : state) {
    auto digest = crypto::sha256_file(dir / "segment.mp4");
    benchmark::DoNotOptimize(digest);
  }
  state.SetBytesProcessed(state.iterations() * 64 * (1 << 20));
}
BENCHMARK(BM_Sha256File)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kiosk

BENCHMARK_MAIN();
