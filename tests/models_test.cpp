// Every model returns the same verified answer as sequential; the processes
// model turns a crashing child into a failed run and leaves no zombie.
#include <dirent.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "concur/registry.hpp"
#include "sanitizers.hpp"
#include "test_workloads.hpp"

namespace concur {
namespace {

using testing::Fault;
using testing::running_under_tsan;
using testing::SquaresWorkload;

int open_fd_count() {
  int count = 0;
  if (DIR* dir = opendir("/proc/self/fd")) {
    while (readdir(dir)) ++count;
    closedir(dir);
  }
  return count;
}

bool has_unreaped_children() {
  int status;
  pid_t r = waitpid(-1, &status, WNOHANG);
  return !(r < 0 && errno == ECHILD);
}

class EveryModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryModel, SameVerifiedAnswerAsSequential) {
  auto model = find_model(GetParam())->make(Options{});
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << a.reason;
  if (model->info().runtime_hidden_from_tsan && running_under_tsan())
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
  if (model->info().runtime_hidden_from_tsan && running_under_tsan())
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

TEST(ProcessesModel, MoreWorkersThanTasksStillVerifies) {
  auto model = find_model("processes")->make(Options{});
  SquaresWorkload workload(3);
  RunOutcome outcome = model->run(workload, 8);
  ASSERT_TRUE(outcome.error.empty()) << outcome.error;
  EXPECT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
  EXPECT_FALSE(has_unreaped_children());
}

TEST(ThreadsModel, UnevenTasksAreBalancedByTheSharedCounter) {
  // Every task index is taken exactly once even with many more workers.
  auto model = find_model("threads")->make(Options{});
  SquaresWorkload workload(10'000);
  RunOutcome outcome = model->run(workload, 16);
  EXPECT_TRUE(workload.verify(workload.combine(outcome.results)).ok);
}

}  // namespace
}  // namespace concur
