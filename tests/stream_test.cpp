// stream: the triad verifies exactly on every CPU model (forked children
// included: the arrays are shared), and a run that leaves a chunk unwritten
// or reports the wrong amount of work fails verification.
#include <gtest/gtest.h>

#include <string>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "sanitizers.hpp"

namespace concur {
namespace {

Options small_stream_options() {
  Options options;
  options.size = 300'000;  // three chunks and a short one: 2.4 MB per array
  return options;
}

Answer run_and_combine(Workload& workload, const std::string& model_name) {
  RunOutcome outcome = find_model(model_name)->make(Options{})->run(workload, 2);
  EXPECT_EQ(outcome.error, "");
  return workload.combine(outcome.results);
}

class StreamOnModel : public ::testing::TestWithParam<std::string> {};

TEST_P(StreamOnModel, TriadVerifiesExactlyTwiceInARow) {
  if (GetParam() == "openmp" && testing::running_under_tsan()) GTEST_SKIP() << "libgomp is not TSan-instrumented";
  auto workload = find_workload("stream")->make(small_stream_options());
  EXPECT_EQ(workload->info().traits.bound, Bound::memory);
  EXPECT_EQ(workload->items(), 300'000u * 3 * sizeof(double));
  for (int run = 0; run < 2; ++run) {  // the scalar changes between runs
    workload->before_run();
    Answer answer = run_and_combine(*workload, GetParam());
    EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
    EXPECT_EQ(answer.items, workload->items());
    Verdict verdict = workload->verify(answer);
    EXPECT_TRUE(verdict.ok) << verdict.reason;
  }
}

INSTANTIATE_TEST_SUITE_P(Stream, StreamOnModel,
                         ::testing::Values("sequential", "threads", "processes", "openmp", "gil"));

TEST(Stream, AChunkLeftUnwrittenFailsOnTheStaleValues) {
  auto workload = find_workload("stream")->make(small_stream_options());
  ASSERT_TRUE(workload->verify(run_and_combine(*workload, "sequential")).ok);

  workload->before_run();  // next run: a new scalar
  std::vector<TaskResult> results;
  TaskContext context;
  for (std::size_t i = 0; i + 1 < workload->task_count(); ++i) results.push_back(workload->run_task(i, context));
  Answer answer = workload->combine(results);
  answer.value = 300'000;  // the last chunk's report forged, its elements not written
  answer.items = workload->items();
  Verdict verdict = workload->verify(answer);
  EXPECT_FALSE(verdict.ok);
  EXPECT_NE(verdict.reason.find("elements wrong"), std::string::npos) << verdict.reason;
}

TEST(Stream, TamperedWorkCountFails) {
  auto workload = find_workload("stream")->make(small_stream_options());
  Answer answer = run_and_combine(*workload, "threads");
  ASSERT_TRUE(workload->verify(answer).ok);
  answer.value -= 1;
  EXPECT_FALSE(workload->verify(answer).ok);
  answer.value += 1;
  answer.items += 8;
  EXPECT_FALSE(workload->verify(answer).ok);
}

TEST(Stream, SizeOutOfRangeIsAUsageError) {
  Options options;
  options.size = 10;
  EXPECT_THROW(find_workload("stream")->make(options), UsageError);
}

}  // namespace
}  // namespace concur
