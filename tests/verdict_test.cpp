// The Analysis's conclusions from hand-built reports: winner sets by
// compare's rule, the grid's stars, explanations from the mechanism,
// verdicts that hold at load (or say the load disturbed them), the USL fit,
// and the JSON analysis object. Every rule on both sides.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>

#include "concur/report.hpp"
#include "core/analysis.hpp"
#include "core/statistics.hpp"
#include "report/analysis_text.hpp"
#include "report/compare.hpp"
#include "report/summary_grid.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

using json = nlohmann::json;

// Six repetitions around `seconds` (±0.4%), using `cores` cores each.
CellResult cell_of(std::string workload, std::string model, unsigned workers, double seconds,
                   double cores, double noise = 0.004) {
  const double s = seconds;
  CellResult c = testing::fake_cell(std::move(model), workers,
                                    {s, s * (1 + noise), s * (1 - noise), s * (1 + noise / 2), s * (1 - noise / 2), s});
  c.workload = std::move(workload);
  c.name = c.workload + "/" + c.model + "/workers:" + c.workers_label;
  c.cpu_seconds.clear();
  for (double t : c.real_seconds) c.cpu_seconds.push_back(t * cores);
  c.cpu_median = summarize(c.cpu_seconds).median;
  return c;
}

// The mechanism of every repetition, from the cell's own times.
// `others_share`: of the 2 CPUs' time, what other programs took meanwhile.
void add_mechanism(CellResult& c, double cores, std::optional<double> run_delay_share,
                   double voluntary_per_second = 0, std::optional<double> io_wait_share = std::nullopt,
                   std::optional<double> others_share = std::nullopt) {
  c.mechanism.clear();
  for (double wall : c.real_seconds) {
    MechanismSample m;
    m.cpu_seconds = wall * cores;
    if (others_share) m.machine_busy_seconds = m.cpu_seconds + wall * 2 * *others_share;
    m.voluntary_switches = static_cast<std::uint64_t>(voluntary_per_second * wall);
    if (run_delay_share)  // share = delay / (cpu + delay)
      m.run_delay_seconds = m.cpu_seconds * *run_delay_share / (1 - *run_delay_share);
    if (io_wait_share) m.io_wait_seconds = m.cpu_seconds * *io_wait_share / (1 - *io_wait_share);
    c.mechanism.push_back(m);
  }
}

RunReport report_of(std::vector<CellResult> cells, double load = 0.2) {
  RunReport r;
  r.context = testing::fake_context();
  r.context.state.affinity = {0, 1};  // 2 usable CPUs
  for (double& l : r.context.state.load_average) l = load;
  r.cells = std::move(cells);
  analyse(r);
  return r;
}

std::vector<std::string> models_of(const RunReport& r, const std::vector<std::size_t>& cells) {
  std::vector<std::string> out;
  for (std::size_t i : cells) out.push_back(r.cells[i].model);
  return out;
}

const AnalysisVerdict* verdict_of(const RunReport& r, VerdictKind kind, const std::string& model = "") {
  for (const AnalysisVerdict& v : r.analysis.verdicts)
    if (v.kind == kind && (model.empty() || r.cells[v.cells.front()].model == model)) return &v;
  return nullptr;
}

const Explanation* explanation_of(const RunReport& r, const std::string& model) {
  for (const Explanation& e : r.analysis.explanations)
    if (e.model == model) return &e;
  return nullptr;
}

std::optional<Mechanism> mechanism_of(const RunReport& r, const std::string& model) {
  const Explanation* e = explanation_of(r, model);
  return e ? std::optional(e->mechanism) : std::nullopt;
}

// sequential 1 s; threads 0.5 s; openmp 0.501 s (a tie with threads);
// processes 0.7 s (separated).
RunReport four_models() {
  return report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "threads", 2, 0.5, 2.0),
                    cell_of("primes", "openmp", 2, 0.501, 2.0), cell_of("primes", "processes", 2, 0.7, 1.9)});
}

TEST(WinnerSet, HoldsTheTiesAndLeavesOutTheSeparated) {
  const RunReport r = four_models();
  const Ranking* ranking = r.analysis.ranking_of("primes");
  ASSERT_NE(ranking, nullptr);
  EXPECT_EQ(models_of(r, ranking->winners), (std::vector<std::string>{"threads", "openmp"}));
  EXPECT_EQ(models_of(r, ranking->others), (std::vector<std::string>{"processes", "sequential"}));
  ASSERT_EQ(ranking->others_vs_best.size(), 2u);
  EXPECT_GT(ranking->others_vs_best[0].ci.low, 1 + stats::kSeparationThreshold);
  EXPECT_LE(ranking->winners_vs_best[0].ci.low, 1 + stats::kSeparationThreshold);
  const AnalysisVerdict* tied = verdict_of(r, VerdictKind::tied);
  ASSERT_NE(tied, nullptr);
  EXPECT_EQ(models_of(r, tied->cells), (std::vector<std::string>{"threads", "openmp"}));
  EXPECT_NE(report::verdict_text(*tied, r).find("threads and openmp cannot be told apart"), std::string::npos)
      << report::verdict_text(*tied, r);
}

TEST(WinnerSet, OneClearWinnerIsFastest) {
  RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "threads", 2, 0.5, 2.0),
                           cell_of("primes", "processes", 2, 0.7, 1.9)});
  const Ranking* ranking = r.analysis.ranking_of("primes");
  EXPECT_EQ(models_of(r, ranking->winners), (std::vector<std::string>{"threads"}));
  const AnalysisVerdict* fastest = verdict_of(r, VerdictKind::fastest);
  ASSERT_NE(fastest, nullptr);
  const std::string text = report::verdict_text(*fastest, r);
  EXPECT_NE(text.find("primes: threads is fastest (2.00x"), std::string::npos) << text;
  EXPECT_NE(text.find("the next, processes, takes 1.40x as long ["), std::string::npos) << text;
  EXPECT_EQ(verdict_of(r, VerdictKind::tied), nullptr);
}

// Only cells that ran and took time are ranked: a failed cell keeps the
// times it measured before verification failed, and a timed cell whose
// median is 0 (below the clock) has no ratio to the best.
TEST(WinnerSet, RanksOnlyTimedCellsWithAMedianAboveZero) {
  CellResult failed = cell_of("primes", "processes", 2, 0.2, 2.0);
  failed.status = CellStatus::failed;
  CellResult instant = cell_of("primes", "openmp", 2, 0.0, 2.0, 0);
  ASSERT_TRUE(instant.timed());
  const RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "threads", 2, 0.5, 2.0),
                                 failed, instant});
  const Ranking* ranking = r.analysis.ranking_of("primes");
  ASSERT_NE(ranking, nullptr);
  EXPECT_EQ(models_of(r, ranking->winners), (std::vector<std::string>{"threads"}));
  EXPECT_EQ(models_of(r, ranking->others), (std::vector<std::string>{"sequential"}));
}

// A model at its fastest: of two worker counts at the same median, the
// fewer workers; a faster count later in the run replaces it.
TEST(WinnerSet, EachModelAtItsFastestCountAndTheFewerWorkersOnATie) {
  const RunReport tie = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0),
                                   cell_of("primes", "threads", 2, 0.5, 2.0, 0),
                                   cell_of("primes", "threads", 4, 0.5, 2.0, 0)});
  const Ranking* ranking = tie.analysis.ranking_of("primes");
  ASSERT_NE(ranking, nullptr);
  EXPECT_EQ(ranking->best, 1u);
  const RunReport faster = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0),
                                      cell_of("primes", "threads", 2, 0.5, 2.0, 0),
                                      cell_of("primes", "threads", 4, 0.4, 2.0, 0)});
  ASSERT_NE(faster.analysis.ranking_of("primes"), nullptr);
  EXPECT_EQ(faster.analysis.ranking_of("primes")->best, 2u);
}

// The winner set uses compare's own rule: the same samples through
// `compare` say "SLOWER" exactly for the models left out of it.
TEST(WinnerSet, AgreesWithCompareOnTheSameSamples) {
  const RunReport r = four_models();
  const Ranking* ranking = r.analysis.ranking_of("primes");
  const CellResult& best = r.cells[ranking->best];
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    if (i == ranking->best) continue;
    report::BenchmarkFile base{"best.json", {{"x", best.real_seconds, std::nullopt, "", false, false, {}}}, {}};
    report::BenchmarkFile next{"cell.json", {{"x", r.cells[i].real_seconds, std::nullopt, "", false, false, {}}}, {}};
    const auto verdict = report::compare(base, next, {}).rows.front().verdict;
    EXPECT_EQ(verdict == report::Verdict::slower, !ranking->contains_winner(i)) << r.cells[i].model;
  }
}

// The line of `workload` in the grid, and which model columns carry a '*'.
std::vector<std::string> starred(const std::string& grid, const std::string& workload,
                                 const std::vector<std::string>& models) {
  std::string header, line;
  std::size_t start = 0;
  while (start < grid.size()) {
    const std::size_t end = grid.find('\n', start);
    const std::string l = grid.substr(start, end - start);
    if (l.starts_with("workload")) header = l;
    if (l.starts_with(workload + " ")) line = l;
    // One column per character: "±" is two bytes.
    for (std::size_t at; (at = line.find("±")) != std::string::npos;) line.replace(at, 2, "+");
    start = end == std::string::npos ? grid.size() : end + 1;
  }
  std::vector<std::string> out;
  for (const std::string& m : models) {
    // A column's text ends, right-aligned, one character after its name ends.
    const std::size_t at = header.find(" " + m + " ");
    const std::size_t end = (at == std::string::npos ? header.find(" " + m) : at) + 1 + m.size();
    if (end < line.size() && line[end] == '*') out.push_back(m);
  }
  return out;
}

TEST(GridStars, OnEveryWinnerAndNoOtherCell) {
  const RunReport ties = four_models();
  const std::vector<std::string> models = {"sequential", "threads", "openmp", "processes"};
  const std::string grid = report::render_summary_grid(ties, {});
  EXPECT_EQ(starred(grid, "primes", models), (std::vector<std::string>{"threads", "openmp"})) << grid;
  EXPECT_EQ(std::count(grid.begin(), grid.end(), '*'), 2 + 1) << grid;  // + the legend's
  // Without the tie: one star, on the fastest only (not the best point estimate of a tie).
  RunReport one = ties;
  one.cells[2] = cell_of("primes", "openmp", 2, 0.6, 2.0);
  analyse(one);
  const std::string single = report::render_summary_grid(one, {});
  EXPECT_EQ(starred(single, "primes", models), (std::vector<std::string>{"threads"})) << single;
}

// In colour the winners are green; a model with nothing timed (FAILED,
// skipped) is never, whatever the winner set holds.
TEST(GridStars, OnlyTheWinnersAreGreenInColour) {
  std::vector<CellResult> cells = {cell_of("primes", "sequential", 1, 1.0, 1.0),
                                   cell_of("primes", "threads", 2, 0.5, 2.0)};
  CellResult failed = testing::fake_cell("processes", 2, {});
  failed.status = CellStatus::failed;
  cells.push_back(failed);
  const RunReport r = report_of(cells);
  const std::string grid = report::render_summary_grid(r, {.color = true});
  const std::string green = "\033[1;32m";
  EXPECT_NE(grid.find(green + "2.00x"), std::string::npos) << grid;
  EXPECT_NE(grid.find("FAILED"), std::string::npos) << grid;
  EXPECT_EQ(grid.find(green + "FAILED"), std::string::npos) << grid;
  EXPECT_EQ(grid.find(green + "1.00x"), std::string::npos) << grid;
}

TEST(MechanismVerdict, OneCoreFiresAtOneCoreWithTwoWorkersAndHoldsAtLoad) {
  CellResult gil = cell_of("primes", "gil", 2, 1.02, 1.0);
  add_mechanism(gil, 1.0, 0.01);  // it had its CPUs: 1% waiting for one
  RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), gil, cell_of("primes", "threads", 2, 0.67, 1.5)},
                          /*load=*/3.5);
  const AnalysisVerdict* one = verdict_of(r, VerdictKind::one_core, "gil");
  ASSERT_NE(one, nullptr);
  EXPECT_LE(one->cores_used->ci.high, kOneCoreLimit);
  EXPECT_DOUBLE_EQ(one->load, 3.5);  // given at load, with the load beside it
  const std::string text = report::verdict_text(*one, r);
  EXPECT_NE(text.find("primes, gil: cannot use more than one core — 1.0 cores ["), std::string::npos) << text;
  EXPECT_NE(text.find("load 3.5 on 2 CPUs, run-queue delay 1 %"), std::string::npos) << text;
  // 1.5 cores: silent.
  EXPECT_EQ(verdict_of(r, VerdictKind::one_core, "threads"), nullptr);
  EXPECT_EQ(mechanism_of(r, "gil"), std::optional(Mechanism::one_core_at_a_time));
  const Explanation* why = explanation_of(r, "gil");
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(report::explanation_text(*why), "primes, gil: 1.0 of 2 cores used — one thread runs at a time");
  // Behind two CPU hogs: it ran 0.6 cores and waited 40 % of the time it
  // wanted one, so it wanted 1.0: still one thread at a time, at any load.
  CellResult behind_hogs = cell_of("primes", "gil", 2, 1.7, 0.6);
  add_mechanism(behind_hogs, 0.6, 0.4, 0, std::nullopt, /*others_share=*/0.5);
  const RunReport hogged = report_of({cell_of("primes", "sequential", 1, 1.4, 0.7), behind_hogs}, 4.0);
  ASSERT_TRUE(hogged.analysis.cells[1].cores_wanted);
  EXPECT_NEAR(*hogged.analysis.cells[1].cores_wanted, 1.0, 1e-9);
  EXPECT_NE(verdict_of(hogged, VerdictKind::one_core, "gil"), nullptr);
  // Behind hogs, a GIL's waiters wake each switch interval to ask for the
  // lock and queue for a CPU to do it: they want 1.6 cores for bookkeeping.
  // Its workers wait on the lock and it runs no faster than the baseline's
  // single thread beside it (0.53 vs 0.51 cores): one at a time still.
  CellResult waking = cell_of("factorise", "gil", 2, 1.9, 0.53);
  add_mechanism(waking, 0.53, 1 - 0.53 / 1.6, 0, std::nullopt, /*others_share=*/0.6);
  for (MechanismSample& m : waking.mechanism) m.lock_wait_seconds = 2 * 0.4 * (m.cpu_seconds / 0.53);
  CellResult base = cell_of("factorise", "sequential", 1, 1.9, 0.51);
  add_mechanism(base, 0.51, 0.45, 0, std::nullopt, 0.6);
  const RunReport waking_report = report_of({base, waking}, 4.0);
  ASSERT_TRUE(waking_report.analysis.cells[1].cores_wanted);
  EXPECT_NEAR(*waking_report.analysis.cells[1].cores_wanted, 1.6, 1e-9);
  EXPECT_NE(verdict_of(waking_report, VerdictKind::one_core, "gil"), nullptr);
  // The same waiters wanting 1.75 cores, yet at the single thread's rate: still one at a time.
  add_mechanism(waking, 0.53, 1 - 0.53 / 1.75, 0, std::nullopt, 0.6);
  for (MechanismSample& m : waking.mechanism) m.lock_wait_seconds = 2 * 0.4 * (m.cpu_seconds / 0.53);
  EXPECT_NE(verdict_of(report_of({base, waking}, 4.0), VerdictKind::one_core, "gil"), nullptr);
  // At exactly 1.15x the single thread's cores (0.575 against 0.5, exact
  // in binary) it still counts as one at a time; a little above, not.
  CellResult even_base = cell_of("factorise", "sequential", 1, 2.0, 0.5, 0);
  add_mechanism(even_base, 0.5, 0.45, 0, std::nullopt, 0.6);
  for (const double cores : {0.575, 0.58}) {
    CellResult edge = cell_of("factorise", "gil", 2, 2.0, cores, 0);
    add_mechanism(edge, cores, 1 - cores / 1.75, 0, std::nullopt, 0.6);
    for (MechanismSample& m : edge.mechanism) m.lock_wait_seconds = 2 * 0.4 * (m.cpu_seconds / cores);
    const RunReport edge_report = report_of({even_base, edge}, 4.0);
    EXPECT_EQ(edge_report.analysis.cells[1].cores_used->value, cores);
    EXPECT_EQ(verdict_of(edge_report, VerdictKind::one_core, "gil") != nullptr, cores == 0.575) << cores;
  }
  // Mutex threads behind the same hogs: they want 1.85 cores and run 1.2x
  // the single thread's, so more than one ran at a time: silent, lock or not.
  CellResult mutex = cell_of("factorise", "threads", 2, 1.2, 0.62);
  add_mechanism(mutex, 0.62, 1 - 0.62 / 1.85, 0, std::nullopt, 0.6);
  for (MechanismSample& m : mutex.mechanism) m.lock_wait_seconds = 2 * 0.25 * (m.cpu_seconds / 0.62);
  EXPECT_EQ(verdict_of(report_of({base, mutex}, 4.0), VerdictKind::one_core), nullptr);
  CellResult unlocked = waking;  // 0.53 cores like the gil, but no lock to wait on
  for (MechanismSample& m : unlocked.mechanism) m.lock_wait_seconds.reset();
  EXPECT_EQ(verdict_of(report_of({base, unlocked}, 4.0), VerdictKind::one_core), nullptr);
  // One worker: one core is all it asks for, no verdict.
  RunReport alone = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "gil", 1, 1.0, 1.0)});
  EXPECT_EQ(verdict_of(alone, VerdictKind::one_core), nullptr);
}

// One core used says what the model can use only where it had its CPUs.
TEST(MechanismVerdict, OneCoreStaysSilentWhereOthersMayHaveTakenTheCores) {
  const CellResult seq = cell_of("primes", "sequential", 1, 1.0, 1.0);
  const CellResult gil = cell_of("primes", "gil", 2, 1.02, 1.0);
  // Not loaded, run delay not measured: the load says it had them.
  EXPECT_NE(verdict_of(report_of({seq, gil}, 0.5), VerdictKind::one_core), nullptr);
  // Loaded, run delay not measured: nothing says it had them.
  EXPECT_EQ(verdict_of(report_of({seq, gil}, 3.5), VerdictKind::one_core), nullptr);
  // Loaded and measured waiting: it wanted 1.0 / 0.7 = 1.43 cores, and
  // other programs took the second.
  CellResult starved = gil;
  add_mechanism(starved, 1.0, 0.3, 0, std::nullopt, /*others_share=*/0.4);
  const RunReport queued = report_of({seq, starved}, 3.5);
  ASSERT_TRUE(queued.analysis.cells[1].cores_wanted);
  EXPECT_NEAR(*queued.analysis.cells[1].cores_wanted, 1.0 / 0.7, 1e-9);
  EXPECT_EQ(verdict_of(queued, VerdictKind::one_core), nullptr);
  EXPECT_EQ(mechanism_of(queued, "gil"), std::optional(Mechanism::waiting_for_cpu));
  const Explanation* why = explanation_of(queued, "gil");
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(report::explanation_text(*why),
            "primes, gil: 1.0 cores of 2, 30 % of the time waiting for a CPU — other programs and the "
            "hypervisor used 40 % of the CPUs");
  // Just above the wanted limit (1.0 used, 1.2 wanted): silent; just below (1.1): fires.
  add_mechanism(starved, 1.0, 1 - 1.0 / 1.2);
  EXPECT_EQ(verdict_of(report_of({seq, starved}, 3.5), VerdictKind::one_core), nullptr);
  add_mechanism(starved, 1.0, 1 - 1.0 / 1.1);
  EXPECT_NE(verdict_of(report_of({seq, starved}, 3.5), VerdictKind::one_core), nullptr);
  // CPU figures that missed workers (ranks that did not report) while the
  // speedup's whole interval says more than one core ran: no claim.
  CellResult unseen = cell_of("primes", "mpi", 2, 0.58, 0.05);
  add_mechanism(unseen, 0.05, 0.01);
  const RunReport contradicted = report_of({seq, unseen}, 0.5);
  ASSERT_TRUE(contradicted.analysis.cells[1].speedup);
  EXPECT_GT(contradicted.analysis.cells[1].speedup->ci.low, 1 + kSpeedupTolerance);
  EXPECT_EQ(verdict_of(contradicted, VerdictKind::one_core), nullptr);
  // One repetition: no interval to hold the claim.
  CellResult once = testing::fake_cell("gil", 2, {1.02});
  once.cpu_seconds = {1.02};
  EXPECT_EQ(verdict_of(report_of({seq, once}, 0.5), VerdictKind::one_core), nullptr);
}

// One named disturbance: its measure, its amount and, where given, its cell.
void expect_disturbance(const Disturbance& d, Disturbed measure, double amount,
                        std::optional<std::string> cell = std::nullopt) {
  EXPECT_EQ(d.measure, measure);
  EXPECT_NEAR(d.amount, amount, 1e-9);
  if (cell) {
    EXPECT_EQ(d.cell, *cell);
  }
}

TEST(BusyMachine, NamesTheDisturbedMeasureAndByHowMuch) {
  std::vector<CellResult> cells = {cell_of("primes", "sequential", 1, 1.0, 1.0),
                                   cell_of("primes", "threads", 2, 0.5, 2.0)};
  const RunReport quiet = report_of(cells, 0.5);
  EXPECT_NE(verdict_of(quiet, VerdictKind::fastest), nullptr);
  EXPECT_EQ(verdict_of(quiet, VerdictKind::too_busy), nullptr);

  const RunReport loaded = report_of(cells, 3.5);
  const AnalysisVerdict* busy = verdict_of(loaded, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->disturbances.size(), 1u);
  EXPECT_EQ(busy->disturbances[0].measure, Disturbed::load_average);
  EXPECT_DOUBLE_EQ(busy->disturbances[0].amount, 3.5);
  EXPECT_NE(report::verdict_text(*busy, loaded).find("load average 3.50 above the 2 usable CPUs"), std::string::npos)
      << report::verdict_text(*busy, loaded);

  // Run-queue delay, on an idle-looking load, while others took the CPUs.
  std::vector<CellResult> delayed = cells;
  add_mechanism(delayed[1], 1.6, 0.22, 0, std::nullopt, /*others_share=*/0.3);
  const RunReport queued = report_of(delayed, 0.5);
  busy = verdict_of(queued, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  // The baseline has no mechanism, so others' CPU over the workload is the
  // run's (its one measured cell's): 30 %, and the delayed cell beside it.
  ASSERT_EQ(busy->disturbances.size(), 2u);
  expect_disturbance(busy->disturbances[0], Disturbed::other_programs, 0.3);
  expect_disturbance(busy->disturbances[1], Disturbed::run_queue_delay, 0.22, "primes/threads/workers:2");
  EXPECT_NE(report::verdict_text(*busy, queued).find("other programs and the hypervisor used 30 % of the CPUs while it ran"),
            std::string::npos)
      << report::verdict_text(*busy, queued);
  // Others below the workload's limit but the delayed cell's own above it:
  // both named, the cell's share beside its delay.
  std::vector<CellResult> mixed = cells;
  add_mechanism(mixed[0], 1.0, 0.0, 0, std::nullopt, /*others_share=*/0.0);
  add_mechanism(mixed[1], 1.6, 0.22, 0, std::nullopt, /*others_share=*/0.15);
  const RunReport mixed_report = report_of(mixed, 0.5);
  busy = verdict_of(mixed_report, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->disturbances.size(), 2u);
  EXPECT_EQ(busy->disturbances[0].measure, Disturbed::run_queue_delay);
  expect_disturbance(busy->disturbances[1], Disturbed::other_programs, 0.15, "primes/threads/workers:2");
  EXPECT_NE(report::verdict_text(*busy, mixed_report).find("used 15 % of the CPUs meanwhile"), std::string::npos)
      << report::verdict_text(*busy, mixed_report);
  // Others' CPU measured on every cell of the workload: over them all it
  // decides whether the machine was busy, whatever the load average says.
  std::vector<CellResult> measured = cells;
  add_mechanism(measured[0], 1.0, 0.01, 0, std::nullopt, /*others_share=*/0.01);
  add_mechanism(measured[1], 2.0, 0.01, 0, std::nullopt, /*others_share=*/0.01);
  const RunReport after_a_build = report_of(measured, /*load=*/3.5);  // the load of a build that just ended
  EXPECT_EQ(verdict_of(after_a_build, VerdictKind::too_busy), nullptr);
  EXPECT_NE(verdict_of(after_a_build, VerdictKind::fastest), nullptr);
  add_mechanism(measured[0], 1.0, 0.01, 0, std::nullopt, /*others_share=*/0.3);
  add_mechanism(measured[1], 2.0, 0.01, 0, std::nullopt, /*others_share=*/0.3);
  const RunReport hogged = report_of(measured, /*load=*/0.5);  // hogs started after the load was read
  busy = verdict_of(hogged, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->disturbances.size(), 1u);
  expect_disturbance(busy->disturbances[0], Disturbed::other_programs, 0.3, "");
  EXPECT_NE(report::verdict_text(*busy, hogged).find("used 30 % of the CPUs while it ran (above 10 %)"),
            std::string::npos)
      << report::verdict_text(*busy, hogged);
  add_mechanism(measured[0], 1.0, 0.01, 0, std::nullopt, /*others_share=*/0.08);
  add_mechanism(measured[1], 2.0, 0.01, 0, std::nullopt, /*others_share=*/0.08);
  EXPECT_EQ(verdict_of(report_of(measured, 0.5), VerdictKind::too_busy), nullptr) << "8 %: below the limit";

  // The same delay with others' CPU not measured: the delay alone decides.
  add_mechanism(delayed[1], 1.6, 0.22);
  const RunReport unmeasured = report_of(delayed, 0.5);
  busy = verdict_of(unmeasured, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->disturbances.size(), 1u);
  EXPECT_EQ(busy->disturbances[0].measure, Disturbed::run_queue_delay);
  add_mechanism(delayed[1], 1.6, 0.02);  // 2%: below the limit, silent
  const RunReport barely = report_of(delayed, 0.5);
  EXPECT_EQ(verdict_of(barely, VerdictKind::too_busy), nullptr);
  // The same 22 % on an otherwise idle machine (others 1 %): the cell's own
  // threads queued (more of them than CPUs). Its mechanism, not a disturbance.
  add_mechanism(delayed[1], 1.6, 0.22, 0, std::nullopt, /*others_share=*/0.01);
  const RunReport own = report_of(delayed, 0.5);
  EXPECT_EQ(verdict_of(own, VerdictKind::too_busy), nullptr);
  EXPECT_NE(verdict_of(own, VerdictKind::fastest), nullptr);
  const Explanation* why = explanation_of(own, "threads");
  ASSERT_NE(why, nullptr);
  EXPECT_EQ(report::explanation_text(*why),
            "primes, threads: 1.6 cores of 2, 22 % of the time waiting for a CPU — its own threads queue for the CPUs");

  // A winner's median less precise than asked: the tiers allow for it, so
  // alone it withholds nothing; beside a disturbance it is named too.
  std::vector<CellResult> noisy = cells;
  noisy[1] = cell_of("primes", "threads", 2, 0.5, 2.0, /*noise=*/0.2);
  const RunReport imprecise = report_of(noisy, 0.5);
  ASSERT_TRUE(imprecise.analysis.cells[1].imprecise);
  EXPECT_EQ(verdict_of(imprecise, VerdictKind::too_busy), nullptr);
  EXPECT_NE(verdict_of(imprecise, VerdictKind::fastest), nullptr);
  const RunReport imprecise_loaded = report_of(noisy, 3.5);
  busy = verdict_of(imprecise_loaded, VerdictKind::too_busy);
  ASSERT_NE(busy, nullptr);
  ASSERT_EQ(busy->disturbances.size(), 2u);
  EXPECT_EQ(busy->disturbances[0].measure, Disturbed::load_average);
  EXPECT_EQ(busy->disturbances[1].measure, Disturbed::median_interval);
  EXPECT_GT(busy->disturbances[1].amount, busy->disturbances[1].limit);
}

TEST(Explanations, DrawnFromTheMechanism) {
  CellResult mutex_seq = cell_of("contention_mutex", "sequential", 1, 1.0, 1.0);
  CellResult mutex_threads = cell_of("contention_mutex", "threads", 2, 1.6, 0.6);
  add_mechanism(mutex_threads, 0.6, 0.01, 40'000);
  for (MechanismSample& m : mutex_threads.mechanism) m.lock_wait_seconds = 0.1 * m.cpu_seconds;  // a lock it waits on
  CellResult download_seq = cell_of("download", "sequential", 1, 1.0, 0.05);
  CellResult download_threads = cell_of("download", "threads", 8, 0.2, 0.05);
  for (CellResult* c : {&download_seq, &download_threads}) c->cpu_bound = false;
  CellResult primes_seq = cell_of("primes", "sequential", 1, 1.0, 1.0);
  CellResult primes_threads = cell_of("primes", "threads", 2, 0.62, 1.6);
  add_mechanism(primes_threads, 1.6, 0.22);
  const RunReport r = report_of({mutex_seq, mutex_threads, download_seq, download_threads, primes_seq, primes_threads});
  std::vector<std::string> texts;
  for (const Explanation& e : r.analysis.explanations) texts.push_back(report::explanation_text(e));
  const auto has = [&](const std::string& text) {
    return std::find(texts.begin(), texts.end(), text) != texts.end();
  };
  EXPECT_TRUE(has("contention_mutex, threads: 0.6 cores, 40 k voluntary switches/s, 3 % of the workers' time on "
                  "the lock — waiting on the lock"))
      << ::testing::PrintToString(texts);
  EXPECT_TRUE(has("download, threads: 0.05 cores — waiting on I/O")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has("primes, threads: 1.6 cores of 2, 22 % of the time waiting for a CPU"))
      << ::testing::PrintToString(texts);
  // Not measured here is absent, never zero.
  EXPECT_FALSE(r.analysis.cells[0].run_delay_share);
  EXPECT_FALSE(r.analysis.cells[0].voluntary_switches_per_second);
  EXPECT_TRUE(r.analysis.cells[1].voluntary_switches_per_second);
  EXPECT_FALSE(r.analysis.cells[1].io_wait_ratio);
}

TEST(Explanations, SwitchesWithoutALockAreNotWaitingOnTheLock) {
  // 0.6 cores and 40 k voluntary switches/s, but the cell has no lock (a
  // coordinator sleeping between probes): not "waiting on the lock".
  CellResult sleeper = cell_of("primes", "threads", 2, 1.6, 0.6);
  add_mechanism(sleeper, 0.6, 0.01, 40'000);
  const RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), sleeper});
  EXPECT_NE(mechanism_of(r, "threads"), std::optional(Mechanism::waiting_on_lock));
  // With a lock declared (a share measured, even small), the switches tell.
  for (MechanismSample& m : sleeper.mechanism) m.lock_wait_seconds = 0.01 * m.cpu_seconds;
  const RunReport locked = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), sleeper});
  EXPECT_EQ(mechanism_of(locked, "threads"), std::optional(Mechanism::waiting_on_lock));
}

// Others' CPU from sums over the repetitions: unbiased where a short
// repetition sees 0 or 1 tick, told only from a second of machine time.
TEST(CellEstimates, OthersCpuFromTheSumsOverASecondOfMachineTime) {
  CellResult enough = cell_of("primes", "threads", 2, 0.1, 2.0);  // 6 x 0.1 s x 2 CPUs = 1.2 s
  add_mechanism(enough, 2.0, 0.01, 0, std::nullopt, /*others_share=*/0.25);
  // One repetition saw no tick at all (busy below its own CPU): kept, not clamped.
  enough.mechanism[0].machine_busy_seconds = 0;
  const RunReport r = report_of({cell_of("primes", "sequential", 1, 0.2, 1.0), enough});
  ASSERT_TRUE(r.analysis.cells[1].others_cpu_share);
  double busy = 0, ours = 0, capacity = 0;
  for (std::size_t i = 0; i < enough.mechanism.size(); ++i) {
    busy += *enough.mechanism[i].machine_busy_seconds;
    ours += enough.mechanism[i].cpu_seconds;
    capacity += enough.real_seconds[i] * 2;
  }
  EXPECT_NEAR(*r.analysis.cells[1].others_cpu_share, (busy - ours) / capacity, 1e-12);
  CellResult short_cell = cell_of("primes", "threads", 2, 0.05, 2.0);  // 0.6 s of machine time
  add_mechanism(short_cell, 2.0, 0.01, 0, std::nullopt, 0.25);
  EXPECT_FALSE(report_of({cell_of("primes", "sequential", 1, 0.2, 1.0), short_cell}).analysis.cells[1].others_cpu_share);
  // Exactly a second (4 x 0.125 s x 2 CPUs, exact in binary) is enough.
  CellResult second = testing::fake_cell("threads", 2, {0.125, 0.125, 0.125, 0.125});
  add_mechanism(second, 2.0, 0.01, 0, std::nullopt, 0.25);
  EXPECT_TRUE(report_of({cell_of("primes", "sequential", 1, 0.2, 1.0), second}).analysis.cells[1].others_cpu_share);
}

TEST(CellEstimates, WorkersNotCountedLeaveCoresUsedNotMeasured) {
  CellResult ranks = cell_of("primes", "mpi", 2, 0.55, 0.05);
  add_mechanism(ranks, 0.05, std::nullopt, 0, std::nullopt, /*others_share=*/0.9);
  for (MechanismSample& m : ranks.mechanism) m.workers_not_counted = true;
  const RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), ranks});
  EXPECT_FALSE(r.analysis.cells[1].cores_used);
  EXPECT_FALSE(r.analysis.cells[1].work_inflation);
  EXPECT_FALSE(r.analysis.cells[1].others_cpu_share) << "the ranks' CPU would pass for others'";
  EXPECT_TRUE(r.analysis.cells[1].speedup);
  EXPECT_EQ(verdict_of(r, VerdictKind::one_core), nullptr);
  // Counted: measured.
  for (MechanismSample& m : ranks.mechanism) m.workers_not_counted = false;
  EXPECT_TRUE(report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), ranks}).analysis.cells[1].cores_used);
}

TEST(Explanations, StaySilentWhereNoMechanismShows) {
  // 1.3 of 2 cores, no mechanism data: no rule fires.
  const RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "threads", 2, 0.77, 1.3)});
  EXPECT_EQ(explanation_of(r, "threads"), nullptr);
  // 0.6 cores and few switches: below a core but not the lock's doing.
  CellResult few = cell_of("primes", "threads", 2, 1.6, 0.6);
  add_mechanism(few, 0.6, 0.01, 50);
  const RunReport quiet = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), few});
  ASSERT_TRUE(mechanism_of(quiet, "threads"));
  EXPECT_NE(mechanism_of(quiet, "threads"), std::optional(Mechanism::waiting_on_lock));
}

TEST(CellEstimates, CoresUsedAndWorkInflationFromTheMechanismFirst) {
  CellResult seq = cell_of("primes", "sequential", 1, 1.0, 1.0);
  CellResult procs = cell_of("primes", "processes", 2, 0.6, 1.0);  // runner's CPU says 1 core...
  add_mechanism(procs, 2.5, std::nullopt);                           // ...the mechanism 2.5
  const RunReport r = report_of({seq, procs});
  const CellAnalysis& a = r.analysis.cells[1];
  ASSERT_TRUE(a.cores_used && a.work_inflation);
  EXPECT_NEAR(a.cores_used->value, 2.5, 1e-9);
  EXPECT_NEAR(a.cores_used->ci.low, 2.5, 1e-9);
  EXPECT_NEAR(a.cores_used->ci.high, 2.5, 1e-9);
  // 2.5 cores x 0.6 s against 1 core x 1 s: 1.5x the CPU for the same work.
  EXPECT_NEAR(a.work_inflation->value, 1.5, 1e-9);
  EXPECT_TRUE(a.work_inflation->has_interval);
  EXPECT_EQ(mechanism_of(r, "processes"), std::optional(Mechanism::work_inflated));
  EXPECT_EQ(*r.analysis.cells[0].work_inflation, (Estimate{1, {1, 1}, true}));
}

std::vector<ScalingPoint> usl_points(double sigma, double kappa, std::vector<unsigned> counts) {
  std::vector<ScalingPoint> points;
  for (unsigned n : counts) {
    const double c = n / (1 + sigma * (n - 1) + kappa * n * (n - 1.0));
    points.push_back({n, c, c / n, std::nullopt, std::nullopt});
  }
  return points;
}

TEST(Usl, FitRecoversSigmaAndKappaFromItsOwnCurve) {
  for (auto [sigma, kappa] : {std::pair{0.05, 0.002}, {0.2, 0.0}, {0.0, 0.01}, {0.1, 0.0005}}) {
    const auto fit = fit_usl(usl_points(sigma, kappa, {1, 2, 4, 8, 16}));
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->sigma, sigma, 1e-9);
    EXPECT_NEAR(fit->kappa, kappa, 1e-9);
  }
  EXPECT_FALSE(fit_usl(usl_points(0.05, 0.002, {1, 4})));  // 2 worker counts: refused
  EXPECT_TRUE(fit_usl(usl_points(0.05, 0.002, {1, 2, 4})));
}

TEST(Usl, ThroughTheReport) {
  const double sigma = 0.05, kappa = 0.002;
  std::vector<CellResult> cells = {cell_of("primes", "sequential", 1, 1.0, 1.0)};
  for (unsigned n : {1u, 2u, 4u, 8u})
    cells.push_back(cell_of("primes", "threads", n, (1 + sigma * (n - 1) + kappa * n * (n - 1.0)) / n, n));
  RunReport r = report_of(cells);
  ASSERT_EQ(r.analysis.scaling.size(), 1u);
  ASSERT_TRUE(r.analysis.scaling[0].usl);
  EXPECT_NEAR(r.analysis.scaling[0].usl->sigma, sigma, 1e-6);
  EXPECT_NEAR(r.analysis.scaling[0].usl->kappa, kappa, 1e-6);
  EXPECT_NE(render("table", r).find("sigma = 0.050 (contention), kappa = 0.0020 (coherency)"), std::string::npos)
      << render("table", r);
  r.cells.pop_back();
  r.cells.pop_back();  // 1 and 2 workers left
  analyse(r);
  EXPECT_FALSE(r.analysis.scaling[0].usl);
}

TEST(AnalysisJson, TheObjectIsThereAndMatchesTheAnalysis) {
  RunReport r = four_models();
  add_mechanism(r.cells[1], 2.0, 0.03);
  analyse(r);
  const json doc = json::parse(render("json", r));
  ASSERT_TRUE(doc.contains("analysis"));
  const json& a = doc["analysis"];
  EXPECT_EQ(a["separation_threshold"], stats::kSeparationThreshold);
  ASSERT_EQ(a["cells"].size(), r.cells.size());
  for (std::size_t i = 0; i < r.cells.size(); ++i) {
    const CellAnalysis& c = r.analysis.cells[i];
    EXPECT_EQ(a["cells"][i]["name"], r.cells[i].name);
    EXPECT_EQ(a["cells"][i]["speedup"]["value"].get<double>(), c.speedup->value);
    EXPECT_EQ(a["cells"][i]["cores_used"]["ci_high"].get<double>(), c.cores_used->ci.high);
    EXPECT_EQ(a["cells"][i]["run_delay_share"].is_null(), !c.run_delay_share);
  }
  const Ranking& ranking = *r.analysis.ranking_of("primes");
  const json& first = a["rankings"][0];
  ASSERT_EQ(first["winners"].size(), ranking.winners.size());
  for (std::size_t k = 0; k < ranking.winners.size(); ++k)
    EXPECT_EQ(first["winners"][k], r.cells[ranking.winners[k]].name);
  ASSERT_EQ(a["verdicts"].size(), r.analysis.verdicts.size());
  for (std::size_t k = 0; k < r.analysis.verdicts.size(); ++k) {
    EXPECT_EQ(a["verdicts"][k]["kind"], to_string(r.analysis.verdicts[k].kind));
    EXPECT_EQ(a["verdicts"][k]["text"], report::verdict_text(r.analysis.verdicts[k], r));
  }
  EXPECT_EQ(a["explanations"].size(), r.analysis.explanations.size());
  EXPECT_TRUE(a["scaling"].is_array());
}

TEST(AnalysisJson, WarningsAreTyped) {
  RunReport r = report_of({cell_of("primes", "sequential", 1, 1.0, 1.0), cell_of("primes", "processes", 2, 1 / 3.45, 2)},
                          3.5);
  const json doc = json::parse(render("json", r));
  bool cell_subject = false, machine_subject = false;
  for (const json& w : doc["analysis"]["warnings"]) {
    if (w["kind"] == "speedup_above_workers") {
      cell_subject = w["subject"]["kind"] == "cell" && w["subject"]["name"] == "primes/processes/workers:2";
      EXPECT_EQ(w["advice"]["kind"], "rerun_idle");
    }
    if (w["kind"] == "load_high") machine_subject = w["subject"]["kind"] == "machine" && w["subject"]["name"].is_null();
  }
  EXPECT_TRUE(cell_subject) << doc["analysis"]["warnings"].dump(1);
  EXPECT_TRUE(machine_subject);
  for (const Warning& w : r.analysis.warnings)
    if (w.kind == WarningKind::speedup_above_workers) {
      EXPECT_EQ(w.subject.cell, std::optional<std::size_t>(1));
    }
}

TEST(AnalysisJson, AnalysingAgainGivesTheSameObject) {
  RunReport r = four_models();
  const std::string once = render("json", r);
  analyse(r);
  EXPECT_EQ(render("json", r), once);
}

TEST(AnalysisMarkdown, EndsWithTheGridAndTheVerdicts) {
  const std::string md = render("markdown", four_models());
  EXPECT_NE(md.find("## Summary"), std::string::npos) << md;
  EXPECT_NE(md.find("**Verdicts**"), std::string::npos) << md;
  EXPECT_NE(md.find("- primes: threads and openmp cannot be told apart"), std::string::npos) << md;
}

// Many random reports: no verdict contradicts the interval printed beside
// it, and the grid's stars are the winner sets.
TEST(VerdictConsistency, NeverAgainstTheIntervalBesideIt) {
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> unit(0, 1);
  const std::vector<std::string> models = {"sequential", "threads", "openmp", "processes", "gil"};
  for (int trial = 0; trial < 60; ++trial) {
    std::vector<CellResult> cells;
    for (const std::string workload : {"primes", "pi"})
      for (const std::string& m : models) {
        const unsigned workers = m == "sequential" ? 1 : 2;
        const double seconds = m == "sequential" ? 1.0 : 0.45 + 0.6 * unit(random);
        const double cores = m == "gil" ? 0.95 + 0.15 * unit(random) : 0.05 + 2.05 * unit(random);
        CellResult c = cell_of(workload, m, workers, seconds, cores, 0.002 + 0.1 * unit(random));
        if (unit(random) < 0.5)
          add_mechanism(c, cores, 0.3 * unit(random), 5000 * unit(random), std::nullopt,
                        unit(random) < 0.5 ? std::optional(0.2 * unit(random)) : std::nullopt);
        cells.push_back(std::move(c));
      }
    const RunReport r = report_of(cells, 4 * unit(random));
    const double limit = 1 + stats::kSeparationThreshold;
    for (const Ranking& ranking : r.analysis.rankings) {
      for (const Estimate& e : ranking.others_vs_best) EXPECT_GT(e.ci.low, limit);
      for (const Estimate& e : ranking.winners_vs_best) EXPECT_LE(e.ci.low, limit);
    }
    for (const AnalysisVerdict& v : r.analysis.verdicts) {
      const std::string text = report::verdict_text(v, r);
      switch (v.kind) {
        case VerdictKind::one_core:
          EXPECT_LE(v.cores_used->ci.high, kOneCoreLimit) << text;
          // The speedup beside it cannot say it ran faster than one core.
          if (const auto& speedup = r.analysis.cells[v.cells.front()].speedup) {
            EXPECT_LE(speedup->ci.low, 1 + kSpeedupTolerance) << text;
          }
          EXPECT_NE(text.find(fmt::format("[{:.2f}, {:.2f}]", v.cores_used->ci.low, v.cores_used->ci.high)),
                    std::string::npos) << text;
          break;
        case VerdictKind::fastest:
          EXPECT_EQ(v.cells.size(), 1u) << text;
          if (v.margin) {
            EXPECT_GT(v.margin->ci.low, limit) << text;
          }
          break;
        case VerdictKind::tied:
          EXPECT_GE(v.cells.size(), 2u) << text;
          EXPECT_LE(v.margin->ci.low, limit) << text;
          break;
        case VerdictKind::too_busy:
          ASSERT_FALSE(v.disturbances.empty()) << text;
          for (const Disturbance& d : v.disturbances) {
            if (d.measure == Disturbed::run_queue_delay) {
              EXPECT_GE(d.amount, d.limit) << text;
            } else {
              EXPECT_GT(d.amount, d.limit) << text;
            }
          }
          break;
      }
    }
    const std::string grid = report::render_summary_grid(r, {});
    for (const std::string workload : {"primes", "pi"})
      EXPECT_EQ(starred(grid, workload, models), models_of(r, [&] {
                  auto winners = r.analysis.ranking_of(workload)->winners;
                  std::sort(winners.begin(), winners.end());  // grid order: the report's
                  return winners;
                }()))
          << grid;
  }
}

}  // namespace
}  // namespace concur
