// Every model returns the same verified answer as sequential; the processes
// model turns a crashing child into a failed run and leaves no zombie.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "concur/registry.hpp"
#include "child_exec.hpp"
#include "sanitizers.hpp"
#include "test_workloads.hpp"

namespace concur {
namespace {

using testing::Fault;
using testing::SquaresWorkload;

int open_fd_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir)) ++count;
    closedir(dir);
  }
  return count;
}

using testing::has_unreaped_children;

class EveryModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryModel, SameVerifiedAnswerAsSequential) {
  auto model = find_model(GetParam())->make(Options{});
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << a.reason;
  if (testing::tsan_cannot_see(model->info()))
    GTEST_SKIP() << "its runtime is not TSan-instrumented: its barriers look like races";
  for (unsigned workers : {1u, 2u, 7u}) {
    SquaresWorkload workload(1000);
    if (!model->supports(workload).ok) GTEST_SKIP() << model->supports(workload).reason;
    RunOutcome outcome = model->run(workload, workers);
    ASSERT_TRUE(outcome.error.empty()) << outcome.error;
    Answer answer = workload.combine(outcome.results);
    EXPECT_EQ(answer.failed_tasks, 0u);
    EXPECT_TRUE(workload.verify(answer).ok) << GetParam() << " with " << workers << " workers";
    EXPECT_EQ(answer.items, 1000u);
  }
}

TEST_P(EveryModel, ThrowingTaskBecomesFailedResult) {
  auto model = find_model(GetParam())->make(Options{});
  if (!model->availability().ok) GTEST_SKIP() << model->availability().reason;
  if (testing::tsan_cannot_see(model->info()))
    GTEST_SKIP() << "runtime not TSan-instrumented";
  SquaresWorkload workload(50, Fault::throw_exception, 17);
  if (!model->supports(workload).ok) GTEST_SKIP() << model->supports(workload).reason;
  RunOutcome outcome = model->run(workload, 2);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  Answer answer = workload.combine(outcome.results);
  EXPECT_EQ(answer.failed_tasks, 1u);
  EXPECT_EQ(answer.first_error, "task exploded on purpose");
}

// Every registered model; those that cannot run SquaresWorkload (async,
// cuda) skip with their reason.
std::vector<std::string> every_model_name() {
  std::vector<std::string> names;
  for (const auto& m : model_registry())
    // mpi ranks are separate processes that build workloads by registry
    // name, so they cannot run these test-only workloads: mpi_test.cpp runs
    // that model through the binary.
    if (m.name != "mpi") names.emplace_back(m.name);
  return names;
}
INSTANTIATE_TEST_SUITE_P(Models, EveryModel, ::testing::ValuesIn(every_model_name()),
                         [](const auto& param_info) { return param_info.param; });

TEST(ProcessesModel, CrashingChildFailsTheRunAndIsReaped) {
  auto model = find_model("processes")->make(Options{});
  const int fds_before = open_fd_count();
  SquaresWorkload workload(200, Fault::crash_process, 100);
  RunOutcome outcome = model->run(workload, 3);
  EXPECT_NE(outcome.error.find("killed by signal 6"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("SIGABRT"), std::string::npos) << outcome.error;
  EXPECT_FALSE(has_unreaped_children()) << "a zombie was left behind";
  EXPECT_EQ(open_fd_count(), fds_before) << "pipe descriptors leaked";
}

TEST(ProcessesModel, ChildExitingNonZeroFailsTheRun) {
  auto model = find_model("processes")->make(Options{});
  SquaresWorkload workload(20, Fault::exit_process, 5);
  RunOutcome outcome = model->run(workload, 2);
  EXPECT_NE(outcome.error.find("exited with status 7"), std::string::npos) << outcome.error;
  EXPECT_FALSE(has_unreaped_children());
}

TEST(ProcessesModel, ChildEndingCleanlyWithoutItsResultsFailsTheRun) {
  auto model = find_model("processes")->make(Options{});
  SquaresWorkload workload(20, Fault::exit_quietly, 5);
  RunOutcome outcome = model->run(workload, 2);
  EXPECT_NE(outcome.error.find("returned no result"), std::string::npos) << outcome.error;
  EXPECT_FALSE(has_unreaped_children());
}

TEST(ProcessesModel, MoreWorkersThanTasksStillVerifies) {
  auto model = find_model("processes")->make(Options{});
  SquaresWorkload workload(3);
  RunOutcome outcome = model->run(workload, 8);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
  EXPECT_FALSE(has_unreaped_children());
}

// Uneven tasks: four long ones at even indices, then short ones. A static
// split of the indices would be unbalanced (contiguous halves and every other
// index alike: 340 ms against 140); taking the next index from a
// shared counter gives each of 2 workers about half of the 480 ms of waiting.
// The tasks sleep, so the balance shows even on a loaded machine.
class UnevenWorkload final : public Workload {
 public:
  static constexpr auto kLong = std::chrono::milliseconds(60), kShort = std::chrono::milliseconds(10);
  static constexpr std::size_t kTasks = 28;
  static bool is_long(std::size_t index) { return index < 8 && index % 2 == 0; }

  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return kTasks; }
  std::uint64_t items() const override { return kTasks; }
  TaskResult run_task(std::size_t index, TaskContext&) const override {
    const auto duration = is_long(index) ? kLong : kShort;
    std::this_thread::sleep_for(duration);
    std::lock_guard lock(mutex_);
    busy_[std::this_thread::get_id()] += duration;
    return TaskResult{index, 1};
  }
  Verdict verify(const Answer& a) const override {
    return a.value == kTasks * (kTasks - 1) / 2 ? Verdict::pass() : Verdict::fail("a task is missing");
  }
  // Milliseconds of task time per worker thread, then forgets them.
  std::vector<long> take_busy_ms() {
    std::lock_guard lock(mutex_);
    std::vector<long> ms;
    for (const auto& [thread, busy] : busy_)
      ms.push_back(static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(busy).count()));
    busy_.clear();
    return ms;
  }

 private:
  WorkloadInfo info_{"uneven", "tasks", bound_by(Bound::io).with_blocking_io()};
  mutable std::mutex mutex_;
  mutable std::map<std::thread::id, std::chrono::nanoseconds> busy_;
};

TEST(ThreadsModel, UnevenTasksAreBalancedByTheSharedCounter) {
  auto model = find_model("threads")->make(Options{});
  UnevenWorkload workload;
  constexpr double ideal_s = 0.240, best_static_s = 0.340;
  double best_s = 1e9;
  std::vector<long> busy_ms;
  for (int attempt = 0; attempt < 3 && best_s > 1.15 * ideal_s; ++attempt) {
    const auto start = std::chrono::steady_clock::now();
    RunOutcome outcome = model->run(workload, 2);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(outcome.error.empty()) << outcome.error;
    ASSERT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
    busy_ms = workload.take_busy_ms();
    if (seconds < best_s) best_s = seconds;
  }
  // Both workers did work, each close to half of it...
  ASSERT_EQ(busy_ms.size(), 2u) << "tasks ran on " << busy_ms.size() << " threads, not 2";
  for (long ms : busy_ms) EXPECT_NEAR(ms, 240, 60) << "one worker got " << ms << " ms of the 480";
  // ... and the wall time is near the ideal split, well under a static one.
  EXPECT_GE(best_s, ideal_s * 0.95);
  EXPECT_LT(best_s, (ideal_s + best_static_s) / 2) << "no better than a static split of the indices";
}

}  // namespace
}  // namespace concur
