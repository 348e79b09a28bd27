// Ctrl-C / SIGTERM during a run: exit 130, and every forked worker is gone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <chrono>
#include <thread>
#include <vector>

#include "download_support.hpp"
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

// Started with its output discarded: an interrupted run's lines do not matter.
testing::RunningBinary start_quietly(const std::vector<std::string>& args) {
  return testing::RunningBinary(args, {/*env=*/{}, /*max_open_files=*/std::nullopt, /*discard_output=*/true});
}

// The exit code of a signalled run, or -1 (a failure) when it hung or died
// of a signal (an abort: Google Benchmark's checks end that way).
int exit_code_within(testing::RunningBinary& run, std::chrono::seconds limit) {
  const auto result = run.finish_within(limit);
  if (!result) {
    ADD_FAILURE() << "still running " << limit.count() << " s after the signal";
    return -1;
  }
  if (result->signal != 0) {
    ADD_FAILURE() << "died of signal " << result->signal << " (an abort is 6)";
    return -1;
  }
  return result->exit_code;
}

class Interrupt : public ::testing::TestWithParam<int> {};

TEST_P(Interrupt, ProcessesRunExits130AndLeavesNoWorker) {
  // A long run of short repetitions: the workers are forked for each one,
  // and the gold answer comes first (seconds under a sanitizer at this size).
  testing::RunningBinary run({"math", "--workloads", "primes", "--models", "processes", "--workers", "2",
                              "--size", "20000000", "--repetitions", "10000"},
                             {/*env=*/{}, /*max_open_files=*/std::nullopt, /*discard_output=*/true});
  const pid_t pid = run.pid();
  std::vector<pid_t> workers;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (workers.size() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    workers = children_of(pid);
  }
  // On failure ~RunningBinary stops the run (and so its workers): no orphan.
  ASSERT_EQ(workers.size(), 2u) << "the workers never started within 20 s";
  run.signal(GetParam());  // to the parent only: it must stop its children itself
  EXPECT_EQ(run.finish().exit_code, 130);
  for (pid_t worker : workers)
    EXPECT_TRUE(kill(worker, 0) != 0 && errno == ESRCH) << "worker " << worker << " outlived the run";
}

INSTANTIATE_TEST_SUITE_P(Signals, Interrupt, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& param_info) {
                           return std::string(param_info.param == SIGINT ? "SIGINT" : "SIGTERM");
                         });

// A signal between repetitions: the later ones are skipped; Google Benchmark
// 1.7.1 aborted (ComputeStats: Check failed) when a skipped repetition had
// fewer iterations than the finished ones, leaving the download folder behind.
// SIGHUP (the terminal closed) is handled like the others.
class InterruptBetweenRepetitions : public ::testing::TestWithParam<int> {};

TEST_P(InterruptBetweenRepetitions, MathExits130WithoutAbort) {
  auto run = start_quietly({"math", "--workloads", "pi", "--models", "sequential", "--size", "2000000",
                            "--repetitions", "1000"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // many repetitions done
  run.signal(GetParam());
  EXPECT_EQ(exit_code_within(run, std::chrono::seconds(20)), 130);
}

// A signal after the model's last task but before the repetition ends (while
// the answer is verified): Google Benchmark aborted when the timed loop was
// left without SkipWithError. Stream's verification takes about as long as
// its run, so most of these signals land there.
TEST_P(InterruptBetweenRepetitions, DuringVerificationExits130WithoutAbort) {
  for (int delay_ms : {500, 620, 740, 860}) {
    auto run = start_quietly({"all", "--workloads", "stream", "--models", "sequential", "--size",
                              "4000000", "--repetitions", "10000"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    run.signal(GetParam());
    EXPECT_EQ(exit_code_within(run, std::chrono::seconds(20)), 130) << "signal after " << delay_ms << " ms";
  }
}

TEST_P(InterruptBetweenRepetitions, DownloadExits130AndLeavesNothingInTmpdir) {
  testing::ScopedTmpdir tmp;
  auto run = start_quietly({"download", "--models", "sequential", "--images", "2", "--latency", "100",
                            "--repetitions", "100"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  run.signal(GetParam());
  EXPECT_EQ(exit_code_within(run, std::chrono::seconds(20)), 130);
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

INSTANTIATE_TEST_SUITE_P(Signals, InterruptBetweenRepetitions,
                         ::testing::Values(SIGINT, SIGTERM, SIGHUP), [](const auto& signal_info) {
                           return std::string(sigabbrev_np(signal_info.param));
                         });

// The gold answers run before the first cell, outside the timed loop: they
// poll for the signal themselves, and a long one says how long up front.
TEST(InterruptGoldAnswer, TheLargestSizesStopWithinASecond) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"math", "--workloads", "factorise", "--models", "sequential",
                                 "--size", "1000000000"},
        std::vector<std::string>{"math", "--workloads", "mandelbrot", "--models", "sequential",
                                 "--size", "16384"}}) {
    testing::RunningBinary run(args, {});
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    run.signal(SIGINT);
    const auto result = run.finish_within(std::chrono::seconds(3));
    ASSERT_TRUE(result) << args[2] << " still running 3 s after Ctrl-C";
    EXPECT_EQ(result->exit_code, 130) << args[2];
    EXPECT_NE(result->err.find("the gold answer alone takes about"), std::string::npos) << result->err;
  }
}

}  // namespace
}  // namespace concur
