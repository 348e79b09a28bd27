// A user allowed few threads (ulimit -u 4, as a class machine or a CI runner
// may set): every model that cannot start its workers becomes a failed cell
// naming the limit, and the rest of the run, its table included, goes on.
// oneTBB used to abort the process here and OpenMP to end the run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <sstream>
#include <string>

#include "run_binary.hpp"
#include "sanitizers.hpp"

namespace concur {
namespace {

// libgomp and oneTBB are not TSan-instrumented: under TSan they are left out.
std::string models_with_threads() {
  return testing::running_under_tsan() ? "sequential,threads,pool,gil" : "sequential,threads,pool,gil,openmp,tbb";
}

TEST(ThreadLimits, ModelsThatCannotStartTheirWorkersFailAloneAndTheTableIsPrinted) {
  // RLIMIT_NPROC binds no root process: run as nobody, who has none yet.
  if (::getuid() != 0) GTEST_SKIP() << "needs root, to run as the user nobody with a limit of its own";
  if (!testing::user_can_run_binary(65534)) GTEST_SKIP() << "the user nobody cannot reach " << CONCUR_BINARY;
  testing::Launch few;
  few.as_user = 65534;
  few.max_processes = 4;
  testing::RunningBinary run({"math", "--quick", "--workloads", "pi", "--models", models_with_threads(),
                              "--workers", "8", "--format", "csv"},
                             few);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 1) << r.err;  // failed cells, not a crash (134) or a lost run
  std::istringstream lines(r.out);
  int failed = 0;
  bool sequential_ok = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("pi,sequential,") && line.find(",ok,") != std::string::npos) sequential_ok = true;
    if (line.find("cannot start 8 worker threads") != std::string::npos) ++failed;
  }
  EXPECT_TRUE(sequential_ok) << r.out;
  EXPECT_EQ(failed, testing::running_under_tsan() ? 3 : 5) << "threads, pool, gil, openmp and tbb:\n" << r.out << r.err;
}

// The other side: with room for the workers, the same models all run.
TEST(ThreadLimits, WithRoomForTheWorkersEveryModelRuns) {
  testing::Launch plenty;
  if (::getuid() == 0 && testing::user_can_run_binary(65534)) plenty.as_user = 65534;
  plenty.max_processes = 64;
  testing::RunningBinary run({"math", "--quick", "--workloads", "pi", "--models", models_with_threads(),
                              "--workers", "8", "--format", "csv"},
                             plenty);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("cannot start"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace concur
