// Speedups with intervals and every sanity warning, from fixed reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "concur/report.hpp"
#include "core/analysis.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

std::size_t count_of(const RunReport& r, WarningKind kind) {
  return static_cast<std::size_t>(std::count_if(r.analysis.warnings.begin(), r.analysis.warnings.end(),
                                                [kind](const Warning& w) { return w.kind == kind; }));
}

// Sequential at 1 s with a little noise, and a model cell at `seconds`.
RunReport two_cells(std::string model, unsigned workers, double seconds) {
  RunReport r;
  r.context = testing::fake_context();
  r.context.state.affinity = {0, 1};  // 2 usable CPUs
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.004, 0.996, 1.002, 0.998, 1.0}));
  const double s = seconds;
  r.cells.push_back(testing::fake_cell(std::move(model), workers,
                                       {s, s * 1.004, s * 0.996, s * 1.002, s * 0.998, s}));
  analyse(r);
  return r;
}

TEST(Analysis, SpeedupIsARatioOfMediansWithAnInterval) {
  const RunReport r = two_cells("threads", 2, 0.5);
  const CellAnalysis& cell = r.analysis.cells[1];
  ASSERT_TRUE(cell.speedup);
  EXPECT_NEAR(cell.speedup->value, 2.0, 1e-9);
  EXPECT_LT(cell.speedup->ci.low, 2.0);
  EXPECT_GT(cell.speedup->ci.high, 2.0);
  EXPECT_LT(cell.speedup->ci.high - cell.speedup->ci.low, 0.05);
  ASSERT_TRUE(cell.efficiency);
  EXPECT_NEAR(cell.efficiency->value, 1.0, 1e-9);
  EXPECT_NEAR(cell.efficiency->ci.low, cell.speedup->ci.low / 2, 1e-12);
  EXPECT_TRUE(r.analysis.warnings.empty()) << r.analysis.warnings.front().message;
  EXPECT_NE(render("table", r).find("2.00x ±0.0"), std::string::npos) << render("table", r);
}

TEST(Analysis, SpeedupBeyondTheWorkersIsFlagged) {
  // math --quick on a loaded machine once printed processes 3.45x on 2 workers.
  const RunReport r = two_cells("processes", 2, 1 / 3.45);
  ASSERT_EQ(count_of(r, WarningKind::speedup_above_workers), 1u);
  const std::string table = render("table", r);
  EXPECT_NE(table.find("3.45x with 2 workers (efficiency 172%)"), std::string::npos) << table;
  EXPECT_NE(table.find("rerun on an idle machine"), std::string::npos);
}

// Up to 10% above the workers is measurement noise, not a warning: a whole
// interval at 2.15x on 2 workers passes, one at 2.3x does not.
TEST(Analysis, SpeedupWithinTheToleranceOfTheWorkersIsNotFlagged) {
  const RunReport within = two_cells("threads", 2, 1 / 2.15);
  ASSERT_GT(within.analysis.cells[1].speedup->ci.low, 2.0);
  EXPECT_EQ(count_of(within, WarningKind::speedup_above_workers), 0u);
  EXPECT_EQ(count_of(within, WarningKind::speedup_above_cpus), 0u);
  const RunReport beyond = two_cells("threads", 2, 1 / 2.3);
  ASSERT_GT(beyond.analysis.cells[1].speedup->ci.low, 2.2);
  EXPECT_EQ(count_of(beyond, WarningKind::speedup_above_workers), 1u);
}

TEST(Analysis, SpeedupBeyondTheCpusAndWorkersBeyondThem) {
  const RunReport r = two_cells("threads", 8, 1 / 3.0);  // 8 workers, 2 CPUs, 3x
  EXPECT_EQ(count_of(r, WarningKind::speedup_above_workers), 0u);
  EXPECT_EQ(count_of(r, WarningKind::speedup_above_cpus), 1u);
  EXPECT_EQ(count_of(r, WarningKind::workers_above_cpus), 1u);
}

TEST(Analysis, IoBoundCellsMayPassTheCoreCount) {
  RunReport r = two_cells("threads", 10, 0.1);  // downloads: 10x on 2 cores is the point
  for (auto& c : r.cells) c.cpu_bound = false;
  analyse(r);
  EXPECT_TRUE(r.analysis.warnings.empty());
}

TEST(Analysis, MachineStateWarnings) {
  RunReport r = two_cells("threads", 2, 0.5);
  r.context.state.load_average[0] = 3.5;
  r.context.state.governor = "powersave";
  r.context.state.cpu_quota = 1.5;
  r.sampling.warmup_runs = 0;
  r.interrupted = true;
  analyse(r);
  EXPECT_EQ(count_of(r, WarningKind::load_high), 1u);
  EXPECT_EQ(count_of(r, WarningKind::governor), 1u);
  EXPECT_EQ(count_of(r, WarningKind::cpu_quota), 1u);
  EXPECT_EQ(count_of(r, WarningKind::no_warmup), 1u);
  EXPECT_EQ(count_of(r, WarningKind::interrupted), 1u);
  // The quota caps the usable CPUs: 2 affinity CPUs, 1.5 CPUs of quota -> 2.
  EXPECT_EQ(r.context.state.usable_cpus(), 2u);
  r.context.state.cpu_quota = 0.5;
  EXPECT_EQ(r.context.state.usable_cpus(), 1u);
}

TEST(Analysis, OneRepetitionAndImpreciseCells) {
  RunReport r;
  r.context = testing::fake_context();
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0}));
  r.cells.push_back(testing::fake_cell("threads", 2, {0.5, 0.7, 0.4, 0.6, 0.55}));
  analyse(r);
  EXPECT_EQ(count_of(r, WarningKind::single_repetition), 1u);
  EXPECT_EQ(count_of(r, WarningKind::imprecise), 1u);
  EXPECT_TRUE(r.analysis.cells[0].imprecise);
  EXPECT_TRUE(r.analysis.cells[1].imprecise);
  r.sampling.precision = 0.5;  // ±50% asked: the threads cell is precise enough
  analyse(r);
  EXPECT_FALSE(r.analysis.cells[1].imprecise);
  EXPECT_EQ(count_of(r, WarningKind::imprecise), 0u);
}

TEST(Analysis, OverlappingIntervalsOfDifferentSpeedupsAreIndistinct) {
  RunReport r;
  r.context = testing::fake_context();
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.01, 0.99, 1.0, 1.0}));
  r.cells.push_back(testing::fake_cell("threads", 2, {0.5, 0.7, 0.45, 0.6, 0.65}));
  r.cells.push_back(testing::fake_cell("openmp", 2, {0.55, 0.75, 0.5, 0.66, 0.7}));
  analyse(r);
  EXPECT_EQ(count_of(r, WarningKind::indistinct), 1u);
  // Two precise, equal cells are a tie, not a warning.
  r.cells[1] = testing::fake_cell("threads", 2, {0.5, 0.501, 0.499, 0.5, 0.5});
  r.cells[2] = testing::fake_cell("openmp", 2, {0.5, 0.502, 0.498, 0.5, 0.501});
  analyse(r);
  EXPECT_EQ(count_of(r, WarningKind::indistinct), 0u);
}

// The warning fires only for speedups more than twice the asked precision
// apart: at exactly that distance it stays silent, in either order.
TEST(Analysis, IndistinctOnlyBeyondTwiceThePrecisionApartInEitherOrder) {
  const auto indistinct = [](std::vector<double> first, std::vector<double> second) {
    RunReport r;
    r.context = testing::fake_context();
    r.sampling.precision = 0.125;  // 2 x precision = 0.25, exact in binary
    r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.25, 1.5}));
    r.cells.push_back(testing::fake_cell("threads", 2, std::move(first)));
    r.cells.push_back(testing::fake_cell("openmp", 2, std::move(second)));
    analyse(r);
    const Estimate& a = *r.analysis.cells[1].speedup;
    const Estimate& b = *r.analysis.cells[2].speedup;
    EXPECT_TRUE(a.ci.low <= b.ci.high && b.ci.low <= a.ci.high) << "the intervals must overlap";
    return count_of(r, WarningKind::indistinct);
  };
  const std::vector<double> fast = {0.8, 1.0, 1.2};     // 1.25x
  const std::vector<double> slow = {1.0, 1.25, 1.5};    // 1.00x: exactly 0.25 apart
  const std::vector<double> slower = {1.01, 1.26, 1.51};  // 0.992x: 0.26 apart
  EXPECT_EQ(indistinct(fast, slow), 0u);
  EXPECT_EQ(indistinct(slow, fast), 0u);
  EXPECT_EQ(indistinct(fast, slower), 1u);
  EXPECT_EQ(indistinct(slower, fast), 1u);
}

// Cores used is the median over repetitions of CPU / wall, every repetition
// counted once: 1.0, 1.2 .. 1.8 cores give 1.4 exactly.
TEST(Analysis, CoresUsedIsTheMedianOfEachRepetitionsCpuOverWall) {
  RunReport r;
  r.context = testing::fake_context();
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.0, 1.0, 1.0, 1.0}));
  CellResult threads = testing::fake_cell("threads", 2, {1.0, 1.0, 1.0, 1.0, 1.0});
  threads.cpu_seconds = {1.8, 1.0, 1.6, 1.2, 1.4};
  r.cells.push_back(threads);
  analyse(r);
  ASSERT_TRUE(r.analysis.cells[1].cores_used);
  EXPECT_EQ(r.analysis.cells[1].cores_used->value, 1.4);
  EXPECT_EQ(r.analysis.cells[1].cores_used->ci.low, 1.0);  // 5 repetitions: the extremes
  EXPECT_EQ(r.analysis.cells[1].cores_used->ci.high, 1.8);
  ASSERT_TRUE(r.analysis.cells[1].work_inflation);
  EXPECT_EQ(r.analysis.cells[1].work_inflation->value, 1.4);  // against the baseline's 1.0 s of CPU
}

// The bound is strict: an interval whose low end is exactly workers x 1.1
// is not flagged, one a hair above it is. Constant repetitions make the
// bootstrap interval a single point, so its low end is the ratio itself.
TEST(Analysis, SpeedupAboveWorkersIsStrictlyAboveTheTolerance) {
  const double limit = 2 * (1 + kSpeedupTolerance);
  const auto warnings_at = [](double seconds) {
    RunReport r;
    r.context = testing::fake_context();
    r.context.state.affinity = {0, 1, 2, 3, 4, 5, 6, 7};  // the CPUs are not the limit
    r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.0, 1.0, 1.0}));
    r.cells.push_back(testing::fake_cell("threads", 2, {seconds, seconds, seconds, seconds}));
    analyse(r);
    return std::pair{r.analysis.cells[1].speedup->ci.low, count_of(r, WarningKind::speedup_above_workers)};
  };
  double at = 1.0 / limit;
  while (1.0 / at > limit) at = std::nextafter(at, 1.0);
  while (1.0 / at < limit) at = std::nextafter(at, 0.0);
  const auto [low_at, warned_at] = warnings_at(at);
  ASSERT_EQ(low_at, limit);
  EXPECT_EQ(warned_at, 0u);
  double above = at;  // the next time whose ratio is above the limit
  while (1.0 / above <= limit) above = std::nextafter(above, 0.0);
  const auto [low_above, warned_above] = warnings_at(above);
  ASSERT_GT(low_above, limit);
  EXPECT_EQ(warned_above, 1u);
}

// The pair is named in the run's order, each model once: three models
// where only the first two overlap give exactly "threads .. vs openmp".
TEST(Analysis, IndistinctPairsAreNamedOnceInTheRunsOrder) {
  RunReport r;
  r.context = testing::fake_context();
  r.cells.push_back(testing::fake_cell("sequential", 1, {1.0, 1.01, 0.99, 1.0, 1.0}));
  r.cells.push_back(testing::fake_cell("threads", 2, {0.5, 0.7, 0.45, 0.6, 0.65}));
  r.cells.push_back(testing::fake_cell("openmp", 2, {0.55, 0.75, 0.5, 0.66, 0.7}));
  r.cells.push_back(testing::fake_cell("processes", 2, {0.2, 0.201, 0.199, 0.2, 0.2}));
  analyse(r);
  ASSERT_EQ(count_of(r, WarningKind::indistinct), 1u);
  const auto it = std::find_if(r.analysis.warnings.begin(), r.analysis.warnings.end(),
                               [](const Warning& w) { return w.kind == WarningKind::indistinct; });
  EXPECT_NE(it->message.find("1 pair of models"), std::string::npos) << it->message;
  EXPECT_NE(it->message.find(": primes threads "), std::string::npos) << it->message;
  EXPECT_NE(it->message.find(" vs openmp "), std::string::npos) << it->message;
  EXPECT_EQ(it->message.find("processes"), std::string::npos) << it->message;
  EXPECT_EQ(it->message.find("; "), std::string::npos) << "one pair listed, nothing after it: " << it->message;
}

TEST(Analysis, WarningsReachJsonContextAndMarkdown) {
  RunReport r = two_cells("processes", 2, 1 / 3.45);
  const std::string json = render("json", r);
  EXPECT_NE(json.find("\"kind\": \"speedup_above_workers\""), std::string::npos);
  EXPECT_NE(render("markdown", r).find("**Warnings**"), std::string::npos);
  EXPECT_NE(render("csv", r).find("speedup_ci_low"), std::string::npos);
}

}  // namespace
}  // namespace concur
