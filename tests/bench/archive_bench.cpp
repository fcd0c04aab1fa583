// The archive's speed, printed as a table: sealing a case with 200 MB of media (copied into the bag, hashed,
// fsynced) per GB, and shipping it to a real S3 server (moto_server on loopback) with our sink against the curl
// command-line tool putting the same files to the same server in the same run. The goal: our throughput at least
// 0.9 × curl's. Run: build/tests/bench/archive_bench [MB] (default 200).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sys/resource.h>

#include "kiosk/archive/archive.h"
#include "kiosk/archive/s3.h"
#include "kiosk/crypto/crypto.h"
#include "support/s3_server.h"
#include "support/temp_dir.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// This process's CPU time (user + system): what the terminal spends, apart from waiting on the server.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kiosk;
  const std::uint64_t megabytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200;
  kiosk::testing::S3Server server(kiosk::testing::S3ServerKind::moto);
  if (!server.available()) {
    std::printf("archive_bench: %s\n", server.why_not().c_str());
    return 0;
  }
  kiosk::testing::TempDir dir;
  // Media as a recording leaves it: 50 MB segments (the last one shorter).
  std::mt19937_64 random(1);
  std::vector<fs::path> segments;
  for (std::uint64_t left = megabytes << 20, index = 1; left > 0; ++index) {
    const std::uint64_t bytes = std::min<std::uint64_t>(left, 50ULL << 20);
    std::string data(bytes, '\0');
    for (std::size_t i = 0; i + 8 <= data.size(); i += 8) {
      const std::uint64_t value = random();
      std::memcpy(data.data() + i, &value, 8);
    }
    char name[16];
    std::snprintf(name, sizeof name, "%04llu.mp4", static_cast<unsigned long long>(index));
    std::ofstream(dir / name, std::ios::binary) << data;
    segments.push_back(dir / name);
    left -= bytes;
  }

  auto key = crypto::TerminalKey::load_or_create(dir / "terminal.key");
  const auto sealing = Clock::now();
  auto writer = archive::BagWriter::begin(dir / "bag");
  (void)writer->add_payload("case.json", "{}\n");
  for (const fs::path& segment : segments) {
    (void)writer->add_payload_file("media/" + segment.filename().string(), segment);
  }
  const archive::SealedBag bag = *writer->finish(&*key);
  const double seal_seconds = seconds_since(sealing);

  archive::S3Settings settings;
  settings.endpoint = server.endpoint();
  settings.bucket = "bench";
  settings.access_key = "kiosk";
  settings.secret_key = "secret";
  archive::S3Sink sink(settings);
  if (sink.client().request("PUT", "", "", {}).status != 200) {
    std::printf("archive_bench: cannot make the bucket\n");
    return 1;
  }
  const auto ours_start = Clock::now();
  const double cpu_before = cpu_seconds();
  auto shipped = archive::ship_case(bag.path, "T01/OURS/", sink);
  const double ours = seconds_since(ours_start);
  const double ours_cpu = cpu_seconds() - cpu_before;
  if (!shipped) {
    std::printf("archive_bench: %s\n", shipped.error().message().c_str());
    return 1;
  }

  // curl, the same files, one PUT each, signed the same way.
  const auto curl_start = Clock::now();
  for (const auto& entry : fs::recursive_directory_iterator(bag.path)) {
    if (!entry.is_regular_file()) continue;
    const std::string relative = entry.path().lexically_relative(bag.path).generic_string();
    const std::string command = "curl -s -f -o /dev/null --aws-sigv4 aws:amz:us-east-1:s3 -u kiosk:secret -T '" +
                                entry.path().string() + "' '" + settings.endpoint + "/bench/T01/CURL/" + relative + "'";
    if (std::system(command.c_str()) != 0) {
      std::printf("archive_bench: curl failed on %s\n", relative.c_str());
      return 1;
    }
  }
  const double curl = seconds_since(curl_start);

  const double total_mb = static_cast<double>(megabytes);
  std::printf("| what | time | throughput |\n| --- | --- | --- |\n");
  std::printf("| seal a case with %llu MB of media (copy, SHA-256, fsync, sign) | %.2f s | %.1f s per GB |\n",
              static_cast<unsigned long long>(megabytes), seal_seconds, seal_seconds * 1024 / total_mb);
  std::printf("| ship it to S3 (moto, loopback): our sink, %d files, HEAD-checked | %.2f s | %.1f MB/s |\n",
              shipped->files, ours, total_mb / ours);
  std::printf("| the same files with the curl tool (one PUT each, no checks) | %.2f s | %.1f MB/s |\n", curl,
              total_mb / curl);
  std::printf("ratio (our throughput / curl's): %.2f (goal >= 0.9); our sink's own CPU: %.2f s\n", curl / ours,
              ours_cpu);
  return 0;
}
