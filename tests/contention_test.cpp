// contention: the exact final count verifies under every CPU model (forked
// children share the counter through the mapping), and lost or forged
// updates fail verification.
#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "sanitizers.hpp"

namespace concur {
namespace {

Options small_count() {
  Options options;
  options.size = 20'000;
  return options;
}

class ContentionOnModel : public ::testing::TestWithParam<std::tuple<std::string, std::string>> {};

TEST_P(ContentionOnModel, FinalCountIsExact) {
  const auto& [workload_name, model_name] = GetParam();
  if (model_name == "openmp" && testing::running_under_tsan()) GTEST_SKIP() << "libgomp is not TSan-instrumented";
  auto workload = find_workload(workload_name)->make(small_count());
  EXPECT_EQ(workload->info().traits.bound, Bound::sharing);
  for (int run = 0; run < 2; ++run) {  // before_run starts each count from zero
    workload->before_run();
    RunOutcome outcome = find_model(model_name)->make(Options{})->run(*workload, 2);
    ASSERT_EQ(outcome.error, "");
    Answer answer = workload->combine(outcome.results);
    EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
    EXPECT_EQ(answer.value, 20'000u);
    Verdict verdict = workload->verify(answer);
    EXPECT_TRUE(verdict.ok) << verdict.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Contention, ContentionOnModel,
    ::testing::Combine(::testing::Values("contention_mutex", "contention_atomic", "contention_local"),
                       ::testing::Values("sequential", "threads", "processes", "openmp", "gil")),
    [](const auto& param_info) {
      return std::get<0>(param_info.param) + "_on_" + std::get<1>(param_info.param);
    });

class ContentionVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(ContentionVariant, ASkippedTaskIsCountedAsLostUpdates) {
  auto workload = find_workload(GetParam())->make(small_count());
  workload->before_run();
  std::vector<TaskResult> results;
  TaskContext context;
  for (std::size_t i = 1; i < workload->task_count(); ++i) results.push_back(workload->run_task(i, context));
  Answer answer = workload->combine(results);
  answer.value = 20'000;  // task 0's report forged: the reported total looks right
  Verdict verdict = workload->verify(answer);
  EXPECT_FALSE(verdict.ok);
  EXPECT_NE(verdict.reason.find("updates lost"), std::string::npos) << verdict.reason;
}

TEST_P(ContentionVariant, TamperedReportFails) {
  auto workload = find_workload(GetParam())->make(small_count());
  workload->before_run();
  RunOutcome outcome = find_model("sequential")->make(Options{})->run(*workload, 1);
  Answer answer = workload->combine(outcome.results);
  ASSERT_TRUE(workload->verify(answer).ok);
  answer.value += 1;
  EXPECT_FALSE(workload->verify(answer).ok);
}

TEST_P(ContentionVariant, CountsFromZeroAgainAfterBeforeRun) {
  auto workload = find_workload(GetParam())->make(small_count());
  RunOutcome outcome = find_model("sequential")->make(Options{})->run(*workload, 1);
  // Without before_run the second run counts on top of the first: 2N, not N.
  outcome = find_model("sequential")->make(Options{})->run(*workload, 1);
  Verdict verdict = workload->verify(workload->combine(outcome.results));
  EXPECT_FALSE(verdict.ok);
  EXPECT_NE(verdict.reason.find("too many"), std::string::npos) << verdict.reason;
}

TEST_P(ContentionVariant, SizeBelowTaskCountIsAUsageError) {
  Options options;
  options.size = 3;
  EXPECT_THROW(find_workload(GetParam())->make(options), UsageError);
}

INSTANTIATE_TEST_SUITE_P(Contention, ContentionVariant,
                         ::testing::Values("contention_mutex", "contention_atomic", "contention_local"));

}  // namespace
}  // namespace concur
