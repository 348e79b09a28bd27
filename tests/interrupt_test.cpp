// Ctrl-C / SIGTERM during a run: exit 130, and every forked worker is gone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "run_binary.hpp"

namespace concur {
namespace {

// Children of `pid` as listed by the kernel (/proc/PID/task/*/children).
std::vector<pid_t> children_of(pid_t pid) {
  std::vector<pid_t> children;
  std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
  for (pid_t child; in >> child;) children.push_back(child);
  return children;
}

class Interrupt : public ::testing::TestWithParam<int> {};

TEST_P(Interrupt, ProcessesRunExits130AndLeavesNoWorker) {
  // A long run: primes below 2x10^8 would take minutes.
  testing::RunningBinary run({"math", "--workloads", "primes", "--models", "processes", "--workers", "2",
                              "--size", "200000000", "--repetitions", "1"},
                             {/*env=*/{}, /*max_open_files=*/std::nullopt, /*discard_output=*/true});
  const pid_t pid = run.pid();
  std::vector<pid_t> workers;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (workers.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    workers = children_of(pid);
  }
  ASSERT_EQ(workers.size(), 2u) << "the workers never started";
  run.signal(GetParam());  // to the parent only: it must stop its children itself
  EXPECT_EQ(run.finish().exit_code, 130);
  for (pid_t worker : workers)
    EXPECT_TRUE(kill(worker, 0) != 0 && errno == ESRCH) << "worker " << worker << " outlived the run";
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) {
                           return std::string(param_info.param == SIGINT ? "SIGINT" : "SIGTERM");
                         });

}  // namespace
}  // namespace concur
