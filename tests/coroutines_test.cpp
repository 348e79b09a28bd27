// The coroutines model: every download of a run overlaps on ONE thread
// (waits add up to one latency, not N), and Ctrl-C ends a run stuck on a
// slow server at once, with exit 130 and no partial file left.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "concur/registry.hpp"
#include "download_support.hpp"
#include "workloads/download/download_options.hpp"

namespace concur {
namespace {

using Clock = std::chrono::steady_clock;

std::size_t threads_in_this_process() {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) ++count;
  return count;
}

TEST(CoroutinesModel, OverlapsEveryWaitOnTheCallingThread) {
  testing::ScopedTmpdir tmp;
  Options options;
  options.plugins.get<DownloadOptions>().images = 8;
  options.plugins.get<DownloadOptions>().latency_ms = 300;  // sequentially 2.4 s
  auto workload = find_workload("download")->make(options);
  auto model = find_model("coroutines")->make(options);
  const std::size_t threads_before = threads_in_this_process();
  std::size_t threads_during = 0;
  std::jthread watcher([&] {  // samples the thread count while the run waits
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    threads_during = threads_in_this_process();
  });
  const auto start = Clock::now();
  RunOutcome outcome = model->run(*workload, 8);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  watcher.join();
  ASSERT_EQ(outcome.error, "");
  EXPECT_TRUE(workload->verify(workload->combine(outcome.results)).ok);
  EXPECT_LT(seconds, 1.2) << "8 waits of 300 ms did not overlap";
  EXPECT_EQ(threads_during, threads_before + 1) << "only the watcher may be added: no worker threads";
  workload.reset();  // its download folder goes with it
  EXPECT_TRUE(tmp.entries().empty());
}

TEST(CoroutinesModel, FewerCoroutinesThanImagesTakeTurns) {
  testing::ScopedTmpdir tmp;
  Options options;
  options.plugins.get<DownloadOptions>().images = 6;
  options.plugins.get<DownloadOptions>().latency_ms = 200;
  auto workload = find_workload("download")->make(options);
  const auto start = Clock::now();
  RunOutcome outcome = find_model("coroutines")->make(options)->run(*workload, 2);
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  ASSERT_EQ(outcome.error, "");
  EXPECT_TRUE(workload->verify(workload->combine(outcome.results)).ok);
  EXPECT_GE(seconds, 0.55) << "2 in flight: three rounds of 200 ms";
}

TEST(CoroutinesModel, CtrlCEndsARunOnASlowServerWith130AndNoFilesLeft) {
  testing::ScopedTmpdir tmp;
  pid_t pid = fork();
  if (pid == 0) {
    // Checked: _FORTIFY_SOURCE marks freopen warn_unused_result.
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
    execl(CONCUR_BINARY, CONCUR_BINARY, "download", "--models", "coroutines", "--images", "3",
          "--latency", "30000", "--repetitions", "1", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the transfers are waiting
  const auto start = Clock::now();
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 5.0);
  ASSERT_TRUE(WIFEXITED(status)) << "died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 130);
  EXPECT_TRUE(tmp.entries().empty()) << "left behind: " << tmp.entries().front();
}

}  // namespace
}  // namespace concur
