// pipeline: the alerts verify on every model, in the stage-parallel form
// (threads with queues, processes with pipes, tbb's parallel_pipeline) and in
// the task form; a lost or extra alert fails; latency figures come back; the
// generic stage runners keep event order and turn a failing stage into a
// clear error; tbb runs a stateless stage on several batches at once and the
// others one batch at a time, in order.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include <fmt/format.h>

#include "models/pipeline_runners.hpp"
#include "child_exec.hpp"
#include "sanitizers.hpp"
#include "workloads/pipeline/latency_histogram.hpp"
#include "workloads/pipeline/readings.hpp"

namespace concur {
namespace {

Options small_pipeline_options() {
  Options options;
  options.size = 20'480;  // 80 cycles of 256 sensors
  return options;
}

class PipelineOnModel : public ::testing::TestWithParam<std::string> {};

TEST_P(PipelineOnModel, RaisesExactlyTheExpectedAlerts) {
  auto model = find_model(GetParam())->make(Options{});
  if (auto a = model->availability(); !a.ok) GTEST_SKIP() << a.reason;
  if (testing::tsan_cannot_see(model->info()))
    GTEST_SKIP() << GetParam() << "'s runtime is not TSan-instrumented";
  auto workload = find_workload("pipeline")->make(small_pipeline_options());
  workload->before_run();
  RunOutcome outcome = model->run(*workload, 2);
  ASSERT_EQ(outcome.error, "");
  if (GetParam() == "threads" || GetParam() == "processes") {
    EXPECT_EQ(outcome.workers_label, "5 stages");
  }
  if (GetParam() == "tbb") {
    EXPECT_EQ(outcome.workers_label, "5 stages, 2 threads");
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
                         ::testing::Values("sequential", "threads", "processes", "tbb", "openmp", "gil"));

TEST(Pipeline, ALostOrExtraAlertFails) {
  auto workload = find_workload("pipeline")->make(small_pipeline_options());
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
  auto workload = find_workload("pipeline")->make(small_pipeline_options());
  Options other = small_pipeline_options();
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

using testing::has_unreaped_children;

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

bool tbb_testable() {
  auto tbb = find_model("tbb")->make(Options{});
  return tbb->availability().ok && !testing::tsan_cannot_see(tbb->info());
}

TEST(PipelineRunners, EveryEventArrivesOnceInOrderOnTbb) {
  if (!tbb_testable()) GTEST_SKIP() << "oneTBB absent, or TSan cannot see into it";
  const std::uint64_t n = 10'007;
  for (unsigned workers : {1u, 2u, 3u}) {
    Counting counting(n, StageFault::none);
    RunOutcome outcome = run_pipeline_on_tbb(counting, workers);
    ASSERT_EQ(outcome.error, "");
    ASSERT_EQ(outcome.results.size(), 1u);
    EXPECT_EQ(outcome.workers_label, fmt::format("3 stages, {} threads", workers));
    EXPECT_EQ(outcome.results[0].items, n);
    EXPECT_EQ(outcome.results[0].value, n * (n - 1) / 2);
  }
}

TEST(PipelineRunners, AThrowingStageFailsTheRunByName) {
  RunOutcome on_threads = run_pipeline_on_threads(Counting(5000, StageFault::throw_exception));
  EXPECT_NE(on_threads.error.find("stage 1 (check): bad event"), std::string::npos) << on_threads.error;
  if (tbb_testable()) {
    RunOutcome on_tbb = run_pipeline_on_tbb(Counting(5000, StageFault::throw_exception), 2);
    EXPECT_EQ(on_tbb.error, "stage 1 (check): bad event");
    EXPECT_TRUE(on_tbb.results.empty());
  }
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

// --- tbb runs stages as filters, not the task form ------------------------
// Stage 1 is stateless: its first event waits (up to `wait`) until another
// batch is in stage 1 beside it, which only a parallel filter allows. Stages
// 2 and 3 have state: each records how many events were inside it at once
// and whether they came in the order stage 0 read them. Stage 3 also records
// the most events read but not yet through (bounded by the tokens).
struct ShapeSeen {
  std::atomic<std::uint64_t> read{0};
  std::atomic<int> in_stateless{0}, most_in_stateless{0};
  std::atomic<bool> waited{false};
  std::atomic<int> inside[2] = {0, 0}, most_inside[2] = {0, 0};
  std::uint64_t expected[2] = {0, 0}, through = 0, most_in_flight = 0;  // touched inside a serial stage only
  bool in_order = true;
};

void raise_to(std::atomic<int>& most, int value) {
  int seen = most.load();
  while (seen < value && !most.compare_exchange_weak(seen, value)) {
  }
}

class ShapeStages final : public PipelineStages {
 public:
  ShapeStages(std::uint64_t n, std::chrono::milliseconds wait, ShapeSeen& seen) : n_(n), wait_(wait), seen_(seen) {}
  std::size_t stage_count() const override { return 4; }
  std::string stage_name(std::size_t k) const override { return k == 1 ? "stateless" : "ordered"; }
  bool stateless(std::size_t k) const override { return k == 1; }
  bool read(PipelineEvent& e) override {
    if (seen_.read == n_) return false;
    const std::uint64_t v = seen_.read.fetch_add(1);
    std::memcpy(e.data.data(), &v, sizeof v);
    return true;
  }
  void process(std::size_t k, PipelineEvent& e) override {
    if (k == 1) return stateless_stage();
    std::uint64_t v;
    std::memcpy(&v, e.data.data(), sizeof v);
    const std::size_t o = k - 2;
    raise_to(seen_.most_inside[o], ++seen_.inside[o]);
    if (v != seen_.expected[o]++) seen_.in_order = false;
    if (k == 3) {
      ++seen_.through;
      seen_.most_in_flight = std::max(seen_.most_in_flight, seen_.read.load() - seen_.through);
    }
    --seen_.inside[o];
  }
  TaskResult finish() override {
    TaskResult r;
    r.items = seen_.through;
    return r;
  }

 private:
  void stateless_stage() {
    raise_to(seen_.most_in_stateless, ++seen_.in_stateless);
    if (!seen_.waited.exchange(true)) {
      const auto deadline = std::chrono::steady_clock::now() + wait_;
      while (seen_.most_in_stateless.load() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    --seen_.in_stateless;
  }

  std::uint64_t n_;
  std::chrono::milliseconds wait_;
  ShapeSeen& seen_;
};

// A workload with only the pipeline capability: its task form fails.
class ShapeWorkload final : public Workload, public PipelineCapability {
 public:
  ShapeWorkload(std::uint64_t n, std::chrono::milliseconds wait) : n_(n), wait_(wait) {}
  const WorkloadInfo& info() const override { return info_; }
  std::size_t task_count() const override { return 1; }
  std::uint64_t items() const override { return n_; }
  TaskResult run_task(std::size_t, TaskContext&) const override {
    return TaskResult::failure("ran as a plain task, not as stages");
  }
  Verdict verify(const Answer& answer) const override {
    return answer.items == n_ ? Verdict::pass() : Verdict::fail("events lost");
  }
  const PipelineCapability* pipeline() const override { return this; }
  std::unique_ptr<PipelineStages> open() const override { return std::make_unique<ShapeStages>(n_, wait_, seen); }
  mutable ShapeSeen seen;  // one run's observations

 private:
  WorkloadInfo info_{"shape", "events", bound_by(Bound::stream).with_answer_in_shared_memory()};
  std::uint64_t n_;
  std::chrono::milliseconds wait_;
};

TEST(TbbPipeline, RunsTheStatelessStageOnSeveralBatchesAndTheOthersOneAtATimeInOrder) {
  if (!tbb_testable()) GTEST_SKIP() << "oneTBB absent, or TSan cannot see into it";
  ShapeWorkload workload(20'000, std::chrono::seconds(5));
  RunOutcome outcome = find_model("tbb")->make(Options{})->run(workload, 2);
  ASSERT_EQ(outcome.error, "");
  EXPECT_EQ(outcome.workers_label, "4 stages, 2 threads");
  Answer answer = workload.combine(outcome.results);
  EXPECT_EQ(answer.failed_tasks, 0u) << answer.first_error;
  EXPECT_TRUE(workload.verify(answer).ok);
  EXPECT_GE(workload.seen.most_in_stateless.load(), 2) << "the stateless stage never ran two batches at once";
  EXPECT_EQ(workload.seen.most_inside[0].load(), 1);
  EXPECT_EQ(workload.seen.most_inside[1].load(), 1);
  EXPECT_TRUE(workload.seen.in_order);
  EXPECT_GT(workload.seen.most_in_flight, 0u);
  EXPECT_LE(workload.seen.most_in_flight, pipeline_tokens(2) * kPipelineBatch);
}

TEST(TbbPipeline, OneWorkerRunsOneBatchAtATime) {
  if (!tbb_testable()) GTEST_SKIP() << "oneTBB absent, or TSan cannot see into it";
  ShapeWorkload workload(3'000, std::chrono::milliseconds(300));
  RunOutcome outcome = run_pipeline_on_tbb(workload, 1);
  ASSERT_EQ(outcome.error, "");
  ASSERT_EQ(outcome.results.size(), 1u);
  EXPECT_EQ(outcome.results[0].items, 3'000u);
  EXPECT_EQ(workload.seen.most_in_stateless.load(), 1);  // no second thread came in 300 ms
  EXPECT_TRUE(workload.seen.in_order);
}

}  // namespace
}  // namespace concur
