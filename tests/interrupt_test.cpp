// Ctrl-C / SIGTERM during a run: exit 130, and every forked worker is gone.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <chrono>
#include <fstream>
#include <sstream>
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

pid_t spawn_quietly(std::vector<std::string> args, const char* stderr_path = "/dev/null") {
  pid_t pid = fork();
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen(stderr_path, "w", stderr);
    std::vector<char*> argv{const_cast<char*>(CONCUR_BINARY)};
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(CONCUR_BINARY, argv.data());
    _exit(127);
  }
  return pid;
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

// Waits up to `limit` for `pid`; kills it (and fails) if it is still running.
int exit_within(pid_t pid, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "still running " << limit.count() << " ms after the signal";
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!WIFEXITED(status)) {
    ADD_FAILURE() << "died of signal " << WTERMSIG(status) << " (an abort is 6)";
    return -1;
  }
  return WEXITSTATUS(status);
}

// A signal between repetitions: the later ones are skipped; Google Benchmark
// 1.7.1 aborted (ComputeStats: Check failed) when a skipped repetition had
// fewer iterations than the finished ones, leaving the download folder behind.
// SIGHUP (the terminal closed) is handled like the others.
class InterruptBetweenRepetitions : public ::testing::TestWithParam<int> {};

TEST_P(InterruptBetweenRepetitions, MathExits130WithoutAbort) {
  pid_t pid = spawn_quietly({"math", "--workloads", "pi", "--models", "sequential", "--size",
                             "2000000", "--repetitions", "1000"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // many repetitions done
  kill(pid, GetParam());
  EXPECT_EQ(exit_within(pid, std::chrono::seconds(20)), 130);
}

TEST_P(InterruptBetweenRepetitions, DownloadExits130AndLeavesNothingInTmpdir) {
  testing::ScopedTmpdir tmp;
  pid_t pid = spawn_quietly({"download", "--models", "sequential", "--images", "2", "--latency",
                             "100", "--repetitions", "100"});
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, GetParam());
  EXPECT_EQ(exit_within(pid, std::chrono::seconds(20)), 130);
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

INSTANTIATE_TEST_SUITE_P(Signals, InterruptBetweenRepetitions,
                         ::testing::Values(SIGINT, SIGTERM, SIGHUP), [](const auto& signal_info) {
                           return std::string(sigabbrev_np(signal_info.param));
                         });

// The gold answers run before the first cell, outside the timed loop: they
// poll for the signal themselves, and a long one says how long up front.
TEST(InterruptGoldAnswer, TheLargestSizesStopWithinASecond) {
  testing::ScopedTmpdir tmp;
  const std::string log = tmp.path() + "/stderr";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"math", "--workloads", "factorise", "--models", "sequential",
                                 "--size", "1000000000"},
        std::vector<std::string>{"math", "--workloads", "mandelbrot", "--models", "sequential",
                                 "--size", "16384"}}) {
    pid_t pid = spawn_quietly(args, log.c_str());
    std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    kill(pid, SIGINT);
    EXPECT_EQ(exit_within(pid, std::chrono::seconds(3)), 130) << args[2];
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("the gold answer alone takes about"), std::string::npos) << text.str();
  }
}

}  // namespace
}  // namespace concur
