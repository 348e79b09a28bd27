// The memory, sharing and reactive workloads end to end: `all` runs them
// verified with their units and the pipeline's latency footer; `math`, whose
// group they are not in, refuses them as bad usage.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "run_binary.hpp"

namespace concur {
namespace {

using testing::run_binary;

TEST(NewWorkloadsCli, AllRunsThemVerified) {
  auto r = run_binary({"all", "--quick", "--quiet", "--workloads", "stream,contention_atomic,pipeline",
                       "--models", "sequential,threads,processes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* text : {"bytes/s", "increments/s", "readings/s", "5 stages",
                           "pipeline threads 5 stages: latency_p50", "latency_p99"})
    EXPECT_NE(r.out.find(text), std::string::npos) << text << " in\n" << r.out;
  int verified_rows = 0;  // one per cell: 3 workloads x 3 models, "yes" at the end
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (line.ends_with("  yes")) ++verified_rows;
  EXPECT_EQ(verified_rows, 9) << r.out;
}

// --min-time repeats each run inside a repetition; every workload must
// start each run afresh and verify it (the contention counters once carried
// over: "final count 80000 after 40000 increments").
TEST(NewWorkloadsCli, EveryWorkloadVerifiesUnderMinTime) {
  auto r = run_binary({"all", "--quick", "--quiet", "--models", "sequential,threads", "--workers", "2",
                       "--repetitions", "2", "--min-time", "0.01", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("not verified"), std::string::npos) << r.out;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  int rows = 0;
  for (std::string line; std::getline(lines, line);) {
    ++rows;
    EXPECT_NE(line.find(",ok,"), std::string::npos) << line;
  }
  EXPECT_GE(rows, 10) << "a row per workload and model at least";
}

TEST(NewWorkloadsCli, MathRefusesThem) {
  for (const char* name : {"stream", "contention_mutex", "pipeline"}) {
    auto r = run_binary({"math", "--quick", "--workloads", name});
    EXPECT_EQ(r.exit_code, 2) << name;
    EXPECT_NE(r.err.find("is not a math workload"), std::string::npos) << r.err;
  }
}

TEST(NewWorkloadsCli, BadSizeIsAUsageError) {
  auto r = run_binary({"all", "--quiet", "--workloads", "pipeline", "--size", "5"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pipeline: --size"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace concur
