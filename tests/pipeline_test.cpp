// pipeline: the alerts verify on every model, in the stage-parallel form
// (threads with queues, processes with pipes) and in the task form; a lost or
// extra alert fails; latency figures come back; the generic stage runners
// keep event order and turn a failing stage into a clear error.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "models/pipeline_runners.hpp"
#include "sanitizers.hpp"
#include "workloads/pipeline/latency_histogram.hpp"
#include "workloads/pipeline/readings.hpp"

namespace concur {
namespace {

Options small_stream() {
  Options options;
  options.size = 20'480;  // 80 cycles of 256 sensors
  return options;
}

class PipelineOnModel : public ::testing::TestWithParam<std::string> {};

TEST_P(PipelineOnModel, RaisesExactlyTheExpectedAlerts) {
  if (GetParam() == "openmp" && testing::running_under_tsan()) GTEST_SKIP() << "libgomp is not TSan-instrumented";
  auto workload = find_workload("pipeline")->make(small_stream());
  workload->before_run();
  RunOutcome outcome = find_model(GetParam())->make(Options{})->run(*workload, 2);
  ASSERT_EQ(outcome.error, "");
  if (GetParam() == "threads" || GetParam() == "processes") {
    EXPECT_EQ(outcome.workers_label, "5 stages");
  }
  Answer answer = workload->combine(outcome.results);
  EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
  EXPECT_EQ(answer.items, 20'480u);
  Verdict verdict = workload->verify(answer);
  EXPECT_TRUE(verdict.ok) << verdict.reason;

  auto figures = workload->last_run_figures();
  ASSERT_EQ(figures.size(), 2u);  // there were alerts, so there were latencies
  EXPECT_EQ(figures[0].name, "latency_p50");
  EXPECT_EQ(figures[1].name, "latency_p99");
  EXPECT_GT(figures[0].value, 0);
  EXPECT_LE(figures[0].value, figures[1].value);
  EXPECT_LT(figures[1].value, 10.0);
}

INSTANTIATE_TEST_SUITE_P(Pipeline, PipelineOnModel,
                         ::testing::Values("sequential", "threads", "processes", "openmp", "gil"));

TEST(Pipeline, ALostOrExtraAlertFails) {
  auto workload = find_workload("pipeline")->make(small_stream());
  Answer answer = workload->combine(find_model("sequential")->make(Options{})->run(*workload, 1).results);
  ASSERT_TRUE(workload->verify(answer).ok);
  Answer lost = answer;
  lost.value -= pipeline::alert_hash(3, 17) + 0x9E3779B97F4A7C15ull;  // as if one alert were missing
  EXPECT_FALSE(workload->verify(lost).ok);
  Answer extra = answer;
  extra.value += 1;
  EXPECT_FALSE(workload->verify(extra).ok);
  Answer dropped = answer;
  dropped.items -= 1;
  EXPECT_FALSE(workload->verify(dropped).ok);
}

TEST(Pipeline, ADifferentStreamRaisesDifferentAlerts) {
  auto workload = find_workload("pipeline")->make(small_stream());
  Options other = small_stream();
  other.seed = 7;
  auto other_workload = find_workload("pipeline")->make(other);
  Answer answer = workload->combine(find_model("sequential")->make(Options{})->run(*other_workload, 1).results);
  EXPECT_TRUE(other_workload->verify(answer).ok);
  EXPECT_FALSE(workload->verify(answer).ok);
}

TEST(Pipeline, SizeBelowOneWeatherBlockIsAUsageError) {
  Options options;
  options.size = 100;
  EXPECT_THROW(find_workload("pipeline")->make(options), UsageError);
}

TEST(PipelineReadings, TextRoundTripsAndMalformedTextIsRejected) {
  auto text = pipeline::format_reading(42, 123, 2375);
  EXPECT_STREQ(text.bytes, "S0042,000123,23.75");
  auto parsed = pipeline::parse_reading(text);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->sensor, 42u);
  EXPECT_EQ(parsed->cycle, 123u);
  EXPECT_EQ(parsed->centi, 2375);
  for (const char* bad : {"", "X0042,000123,23.75", "S0042,000123,23.7", "S0042;000123,23.75",
                          "S9999,000123,23.75", "S0042,000123,23.75x"}) {
    pipeline::ReadingText t{};
    std::snprintf(t.bytes, sizeof t.bytes, "%s", bad);
    EXPECT_FALSE(pipeline::parse_reading(t)) << bad;
  }
}

TEST(PipelineLatency, QuantilesWithinABucket) {
  pipeline::LatencyHistogram h;
  for (int i = 1; i <= 1000; ++i) h.record(i * 1000);  // 1 us .. 1 ms
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_NEAR(h.quantile_seconds(0.5), 500e-6, 500e-6 * 0.07);
  EXPECT_NEAR(h.quantile_seconds(0.99), 990e-6, 990e-6 * 0.07);
  h.clear();
  EXPECT_EQ(h.quantile_seconds(0.5), 0);
}

// --- the generic runners, on a counting stream -------------------------------
// Stage 0 numbers the events; stage 1 checks they arrive in order (and may
// fail on purpose at event `fail_at`); stage 2 sums them.
enum class StageFault { none, throw_exception, crash };

class CountingStages final : public PipelineStages {
 public:
  CountingStages(std::uint64_t n, StageFault fault) : n_(n), fault_(fault) {}
  std::size_t stage_count() const override { return 3; }
  std::string stage_name(std::size_t k) const override { return k == 1 ? "check" : "other"; }
  bool read(PipelineEvent& e) override {
    if (next_ == n_) return false;
    std::memcpy(e.data.data(), &next_, sizeof next_);
    ++next_;
    return true;
  }
  void process(std::size_t k, PipelineEvent& e) override {
    std::uint64_t v;
    std::memcpy(&v, e.data.data(), sizeof v);
    if (k == 1) {
      if (v == n_ / 2 && fault_ == StageFault::throw_exception) throw std::runtime_error("bad event");
      if (v == n_ / 2 && fault_ == StageFault::crash) std::abort();
      if (v != expected_++) in_order_ = false;
    } else {
      sum_ += v;
      ++seen_;
    }
  }
  TaskResult finish() override {
    TaskResult r;
    r.value = sum_;
    r.items = seen_;
    return r;
  }
  bool in_order() const { return in_order_; }

 private:
  std::uint64_t n_, next_ = 0, expected_ = 0, sum_ = 0, seen_ = 0;
  StageFault fault_;
  bool in_order_ = true;
};

class Counting final : public PipelineCapability {
 public:
  Counting(std::uint64_t n, StageFault fault) : n_(n), fault_(fault) {}
  std::unique_ptr<PipelineStages> open() const override { return std::make_unique<CountingStages>(n_, fault_); }

 private:
  std::uint64_t n_;
  StageFault fault_;
};

bool has_unreaped_children() {
  int status;
  return !(waitpid(-1, &status, WNOHANG) < 0 && errno == ECHILD);
}

TEST(PipelineRunners, EveryEventArrivesOnceOnThreadsAndProcesses) {
  const std::uint64_t n = 10'007;  // not a multiple of the batch
  for (auto run : {&run_pipeline_on_threads, &run_pipeline_on_processes}) {
    RunOutcome outcome = run(Counting(n, StageFault::none));
    ASSERT_EQ(outcome.error, "");
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.results[0].items, n);
    EXPECT_EQ(outcome.results[0].value, n * (n - 1) / 2);
  }
  EXPECT_FALSE(has_unreaped_children());
}

TEST(PipelineRunners, AThrowingStageFailsTheRunByName) {
  RunOutcome on_threads = run_pipeline_on_threads(Counting(5000, StageFault::throw_exception));
  EXPECT_NE(on_threads.error.find("stage 1 (check): bad event"), std::string::npos) << on_threads.error;
  RunOutcome on_processes = run_pipeline_on_processes(Counting(5000, StageFault::throw_exception));
  EXPECT_NE(on_processes.error.find("stage 1 (check) process threw"), std::string::npos) << on_processes.error;
  EXPECT_FALSE(has_unreaped_children());
}

TEST(PipelineRunners, ACrashedStageProcessIsNamedNotItsNeighbours) {
  if (testing::running_under_asan()) GTEST_SKIP() << "ASan reports the abort itself";
  RunOutcome outcome = run_pipeline_on_processes(Counting(5000, StageFault::crash));
  EXPECT_NE(outcome.error.find("stage 1 (check) process killed by signal 6"), std::string::npos) << outcome.error;
  EXPECT_FALSE(has_unreaped_children());
}

}  // namespace
}  // namespace concur
