// The runner for real: warm-up, fixed and adaptive repetitions, interleaved
// rounds in a seeded order, the filter, and Ctrl-C keeping what finished.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"
#include "concur/runner.hpp"
#include "models/worker_placement.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur {
namespace {

Plan quick_plan(std::vector<std::string> models) {
  Plan plan;
  plan.workloads = {"pi"};
  plan.models = std::move(models);
  plan.workers = {2};
  plan.options.quick = true;
  return plan;
}

// The order in which cells were timed, from the progress events.
struct Recorder {
  std::vector<std::string> timed;
  RunObserver observer() {
    return {[this](const ProgressEvent& e) {
      if (e.stage == ProgressEvent::Stage::measuring) timed.push_back(e.cell.name);
    }};
  }
};

TEST(Runner, FixedRepetitionsAfterAVerifiedWarmUp) {
  Plan plan = quick_plan({"sequential", "threads"});
  plan.sampling.fixed_repetitions = 3;
  plan.sampling.warmup_runs = 2;
  const RunReport report = run_matrix(plan);
  ASSERT_EQ(report.cells.size(), 2u);
  for (const auto& cell : report.cells) {
    EXPECT_EQ(cell.status, CellStatus::ok) << cell.reason;
    EXPECT_EQ(cell.real_seconds.size(), 3u);
    EXPECT_EQ(cell.warmup_runs, 2u);
    EXPECT_TRUE(cell.verified);
  }
  EXPECT_TRUE(report.cells[0].is_baseline);
  EXPECT_TRUE(report.analysis.cells[1].speedup);
  // Google Benchmark's form, "2026-11-25T18:05:41+00:00": the offset gets its colon.
  const std::string& date = report.context.date;
  ASSERT_EQ(date.size(), 25u) << date;
  EXPECT_EQ(date[10], 'T') << date;
  EXPECT_TRUE(date[19] == '+' || date[19] == '-') << date;
  EXPECT_EQ(date[22], ':') << date;
  EXPECT_FALSE(report.interrupted);
}

TEST(Runner, AdaptiveStopsAtTheMinimumWhenPreciseAndAtTheMaximumWhenNot) {
  Plan plan = quick_plan({"sequential"});
  plan.sampling.min_repetitions = 4;
  plan.sampling.max_repetitions = 7;
  plan.sampling.precision = 1.0;  // ±100%: almost anything is precise enough
  plan.sampling.max_seconds_per_cell = 1000;
  // It stops at the first count from the minimum whose interval is within
  // the precision: 4 on a quiet machine; more only while an outlier (a
  // loaded machine, a sanitizer) kept the interval wider. Judged by the
  // same summary the runner uses.
  const std::vector<double> samples = run_matrix(plan).cells[0].real_seconds;
  ASSERT_GE(samples.size(), 4u);
  ASSERT_LE(samples.size(), 7u);
  const auto precise_with = [&samples](std::size_t count) {
    const Summary t = summarize(std::vector<double>(samples.begin(), samples.begin() + static_cast<long>(count)));
    return t.median_ci.relative_half_width(t.median) <= 1.0;
  };
  for (std::size_t count = 4; count < samples.size(); ++count) EXPECT_FALSE(precise_with(count)) << count;
  if (samples.size() < 7) {
    EXPECT_TRUE(precise_with(samples.size()));
  }
  plan.sampling.precision = 1e-4;  // nothing is: the maximum ends it
  plan.sampling.max_seconds_per_cell = 1000;
  const RunReport report = run_matrix(plan);
  EXPECT_EQ(report.cells[0].real_seconds.size(), 7u);
  EXPECT_TRUE(report.analysis.cells[0].imprecise);
  plan.sampling.max_seconds_per_cell = 0;  // or the time budget, after the minimum
  EXPECT_EQ(run_matrix(plan).cells[0].real_seconds.size(), 4u);
}

TEST(Runner, RoundsInterleaveCellsInASeededOrder) {
  Plan plan = quick_plan({"sequential", "threads", "processes"});
  plan.sampling.fixed_repetitions = 4;
  Recorder first, again, blocks;
  run_matrix(plan, first.observer());
  run_matrix(plan, again.observer());
  ASSERT_EQ(first.timed.size(), 12u);
  EXPECT_EQ(first.timed, again.timed);  // same seed, same order
  bool orders_differ = false;
  for (std::size_t round = 0; round < 4; ++round) {
    std::map<std::string, int> in_round;
    for (std::size_t i = 0; i < 3; ++i) ++in_round[first.timed[round * 3 + i]];
    EXPECT_EQ(in_round.size(), 3u) << "each round times every cell once";
    if (round > 0 && !std::equal(first.timed.begin(), first.timed.begin() + 3,
                                 first.timed.begin() + static_cast<long>(round) * 3))
      orders_differ = true;
  }
  EXPECT_TRUE(orders_differ) << "a fresh random order per round";
  plan.sampling.interleave = false;
  run_matrix(plan, blocks.observer());
  for (std::size_t i = 0; i < blocks.timed.size(); ++i)
    EXPECT_EQ(blocks.timed[i], blocks.timed[i / 4 * 4]) << "blocks: one cell at a time";
}

TEST(Runner, FilterSelectsCellsAndRefusesBadOrEmptyOnes) {
  Plan plan = quick_plan({"sequential", "threads"});
  plan.sampling.fixed_repetitions = 1;
  plan.filter = "threads";
  EXPECT_EQ(run_matrix(plan).cells.size(), 1u);
  plan.filter = "-threads";
  ASSERT_EQ(run_matrix(plan).cells.size(), 1u);
  EXPECT_EQ(run_matrix(plan).cells[0].model, "sequential");
  plan.filter = "[";
  EXPECT_THROW(run_matrix(plan), UsageError);
  plan.filter = "nothing-like-this";
  EXPECT_THROW(run_matrix(plan), UsageError);
}

TEST(Runner, SamplingRangesAreChecked) {
  Plan plan = quick_plan({"sequential"});
  plan.sampling.max_repetitions = 2;  // below the minimum of 5
  EXPECT_THROW(run_matrix(plan), UsageError);
  plan = quick_plan({"sequential"});
  plan.sampling.precision = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(run_matrix(plan), UsageError);
  plan = quick_plan({"sequential"});
  plan.sampling.min_time = 1e30;
  EXPECT_THROW(run_matrix(plan), UsageError);
}

// Ctrl-C marks the cells it cut, never one that had finished: here the
// interrupt comes the moment the first cell is done, before the other's
// last repetition.
TEST(Runner, ACtrlCMarksOnlyTheCellsItCut) {
  Plan plan = quick_plan({"sequential", "threads"});
  plan.sampling.min_repetitions = 3;
  plan.sampling.max_repetitions = 3;
  install_interrupt_handlers();
  std::string finished_first;
  const RunObserver observer{[&](const ProgressEvent& e) {
    if (e.stage == ProgressEvent::Stage::finished && finished_first.empty()) {
      finished_first = e.cell.name;
      ::raise(SIGINT);
    }
  }};
  const RunReport report = run_matrix(plan, observer);
  clear_interrupt();
  ASSERT_TRUE(report.interrupted);
  ASSERT_FALSE(finished_first.empty());
  ASSERT_EQ(report.cells.size(), 2u);
  for (const CellResult& c : report.cells) {
    if (c.name == finished_first) {
      EXPECT_EQ(c.status, CellStatus::ok) << c.reason;
      EXPECT_FALSE(c.interrupted) << c.name << " had finished before the interrupt";
      EXPECT_EQ(c.real_seconds.size(), 3u);
    } else {
      EXPECT_TRUE(c.interrupted || c.status == CellStatus::interrupted) << c.name << " was cut";
    }
  }
}

// Ctrl-C in the middle of a run: what finished is printed and written,
// marked interrupted, and the exit code is 130.
TEST(Runner, InterruptKeepsTheFinishedRepetitions) {
  testing::TempDir dir("concur-runner");
  ASSERT_FALSE(dir.path().empty());
  const std::string json_path = dir.file("out.json");
  testing::RunningBinary run({"math", "--quick", "--workloads", "pi", "--models", "sequential,threads",
                              "--repetitions", "10000", "--format", "json", "--output", json_path},
                             {});
  std::this_thread::sleep_for(std::chrono::seconds(3));
  run.signal(SIGINT);
  const auto r = run.finish();
  EXPECT_EQ(r.exit_code, 130) << r.err;
  std::ifstream in(json_path);
  ASSERT_TRUE(in) << "the report was not written";
  const auto doc = nlohmann::json::parse(in);
  EXPECT_EQ(doc["context"]["interrupted"], true);
  ASSERT_FALSE(doc["benchmarks"].empty());
  EXPECT_GE(doc["benchmarks"][0]["samples_s"].size(), 1u);
  EXPECT_EQ(doc["benchmarks"][0]["interrupted"], true);
  EXPECT_NE(r.out.find("interrupted: only the cells"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace concur

namespace concur {
namespace {

std::vector<unsigned> cpus_of_this_thread() {
  cpu_set_t set;
  CPU_ZERO(&set);
  pthread_getaffinity_np(pthread_self(), sizeof set, &set);
  std::vector<unsigned> cpus;
  for (unsigned cpu = 0; cpu < CPU_SETSIZE; ++cpu)
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  return cpus;
}

TEST(Pinning, EachWorkerGetsOneCpuOfTheProcess) {
  const std::vector<unsigned> allowed = cpus_of_this_thread();
  const WorkerPlacement pin(true), free(false);
  for (unsigned worker = 0; worker < 3; ++worker) {
    std::vector<unsigned> seen, unpinned;
    std::thread([&] {
      free.place(worker);
      unpinned = cpus_of_this_thread();
      pin.place(worker);
      seen = cpus_of_this_thread();
    }).join();
    EXPECT_EQ(unpinned, allowed);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0], allowed[worker % allowed.size()]);
  }
  EXPECT_EQ(cpus_of_this_thread(), allowed);  // the caller is left alone
}

TEST(Pinning, PinnedRunsVerify) {
  Plan plan = quick_plan({"threads", "processes", "gil", "openmp"});
  plan.sampling.fixed_repetitions = 1;
  plan.options.pin = true;
  for (const auto& cell : run_matrix(plan).cells) EXPECT_EQ(cell.status, CellStatus::ok) << cell.name;
}

}  // namespace
}  // namespace concur
