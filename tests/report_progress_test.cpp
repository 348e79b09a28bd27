// The progress line: shown on a terminal (a pseudo-terminal here), silent
// with --quiet or when the stream is not a terminal.
#include <gtest/gtest.h>
#include <pty.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "cli/progress.hpp"
#include "report/text_layout.hpp"
#include "terminal_capture.hpp"

namespace concur::cli {
namespace {

void simulate_run(Progress& progress) {
  RunObserver observer = progress.observer();
  CellResult a, b;
  a.name = "primes/threads/workers:1";
  b.name = "primes/threads/workers:2";
  if (!observer.progress) return;
  using Stage = ProgressEvent::Stage;
  observer.progress({Stage::warming_up, a, 0, 0, 2, 0.1});
  observer.progress({Stage::measuring, a, 3, 0, 2, 0.5});
  observer.progress({Stage::finished, a, 5, 1, 2, 1.0});
  observer.progress({Stage::measuring, b, 4, 1, 2, 1.5});
  observer.progress({Stage::finished, b, 5, 2, 2, 2.0});
}

TEST(Progress, RewritesOneLineOnATerminal) {
  const testing::ScopedEnv xterm("TERM", "xterm");  // the fresh-machine check runs with TERM=dumb
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  {
    Progress progress(slave, false);
    ASSERT_TRUE(progress.enabled());
    simulate_run(progress);
  }
  ::close(slave);
  const std::string shown = testing::read_written(master);
  ::close(master);
  EXPECT_NE(shown.find("\r\033[K[0/2 cells done] primes/threads/workers:1 (warm-up)  elapsed"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("[0/2 cells done] primes/threads/workers:1 (3 repetitions)"), std::string::npos);
  EXPECT_NE(shown.find("[1/2 cells done] primes/threads/workers:2 (4 repetitions)  elapsed 1.500 s  ETA "),
            std::string::npos) << shown;
  EXPECT_NE(shown.find("done"), std::string::npos);
  EXPECT_EQ(shown.find('\n'), std::string::npos);         // replaced in place, never scrolled
  EXPECT_EQ(shown.substr(shown.size() - 4), "\r\033[K");  // erased at the end
}

TEST(Progress, SilentWithQuietOrWithoutATerminal) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  Progress quiet(slave, true);
  EXPECT_FALSE(quiet.enabled());
  EXPECT_FALSE(quiet.observer().progress);
  ::close(slave);
  ::close(master);

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  {
    Progress piped(pipe_fds[1], false);
    EXPECT_FALSE(piped.enabled());
    simulate_run(piped);
  }
  ::close(pipe_fds[1]);
  EXPECT_EQ(testing::read_written(pipe_fds[0]), "");
  ::close(pipe_fds[0]);
}

using Stage = ProgressEvent::Stage;

// A run replayed as events: cells warmed up one after the other, then timed
// in rounds, each step taking the given seconds.
struct EventReplay {
  std::vector<CellResult> cells;
  std::size_t not_run = 0;  // cells done before anything ran (n/a, skipped)
  double clock = 0;
  std::size_t finished = 0;
  std::size_t total() const { return cells.size() + not_run; }
  ProgressEvent event(Stage stage, std::size_t cell, std::size_t repetitions) {
    return {stage, cells[cell], repetitions, finished, total(), clock};
  }
};

EventReplay replay_of_two_cells(std::size_t not_run) {
  EventReplay r;
  r.cells.resize(2);
  r.cells[0].name = "primes/sequential/workers:1";
  r.cells[1].name = "primes/threads/workers:2";
  r.not_run = not_run;
  r.finished = not_run;
  return r;
}

SamplingSettings fixed_sampling(unsigned repetitions) {
  SamplingSettings s;
  s.fixed_repetitions = repetitions;
  return s;
}

// Feeds a whole run (warm-up 0.2 s and repetitions of 0.2 s for cell 0,
// 0.1 s for cell 1; 3 rounds) and returns the ETA after each event.
std::vector<double> etas_over_a_run(EventReplay r, RunEstimate& estimate) {
  std::vector<double> etas;
  auto feed = [&](ProgressEvent e) {
    estimate.observe(e);
    etas.push_back(estimate.remaining(e.elapsed_seconds).value_or(-1));
  };
  const double step[] = {0.2, 0.1};
  for (std::size_t c = 0; c < 2; ++c) {
    feed(r.event(Stage::warming_up, c, 0));
    r.clock += step[c];
    r.cells[c].warmup_runs = 1;
  }
  for (std::size_t round = 0; round < 3; ++round)
    for (std::size_t c = 0; c < 2; ++c) {
      feed(r.event(Stage::measuring, c, round));
      r.clock += step[c];
      if (round == 2) {
        ++r.finished;
        feed(r.event(Stage::finished, c, 3));
      }
    }
  return etas;
}

TEST(ProgressEstimate, NotApplicableCellsAddNoWork) {
  RunEstimate plain(fixed_sampling(3)), with_na(fixed_sampling(3));
  const auto etas_without = etas_over_a_run(replay_of_two_cells(0), plain);
  const auto etas_with_na = etas_over_a_run(replay_of_two_cells(3), with_na);
  EXPECT_EQ(etas_with_na, etas_without);  // three n/a cells change nothing
  EXPECT_EQ(with_na.cells_to_run(), 2u);
  EXPECT_EQ(with_na.cells_done(), 2u);
  // What the old count did: cells done over all cells, n/a ones included.
  EventReplay na = replay_of_two_cells(3);
  RunEstimate first(fixed_sampling(3));
  first.observe(na.event(Stage::warming_up, 0, 0));
  EXPECT_EQ(first.cells_done(), 0u);
}

TEST(ProgressEstimate, WarmUpTimesPlannedRepetitionsThenShrinksToZero) {
  RunEstimate estimate(fixed_sampling(3));
  const auto etas = etas_over_a_run(replay_of_two_cells(0), estimate);
  ASSERT_EQ(etas.size(), 10u);
  EXPECT_EQ(etas[0], -1);  // nothing timed yet: no ETA
  // After both warm-ups (0.2 s and 0.1 s, one run each): 3 repetitions each.
  const double expected = 0.2 * static_cast<double>(estimate.planned_repetitions(0.2)) +
                          0.1 * static_cast<double>(estimate.planned_repetitions(0.1));
  EXPECT_NEAR(etas[2], expected, 1e-9);
  for (std::size_t i = 3; i < etas.size(); ++i) EXPECT_LE(etas[i], etas[i - 1] + 1e-9) << i;
  EXPECT_LT(etas[5], etas[2]);
  EXPECT_EQ(etas.back(), 0);
  // Between events the clock moves on: the ETA counts down with it.
  EventReplay r = replay_of_two_cells(0);
  RunEstimate live(fixed_sampling(3));
  live.observe(r.event(Stage::warming_up, 0, 0));
  r.clock = 0.2;
  r.cells[0].warmup_runs = 1;
  live.observe(r.event(Stage::measuring, 0, 0));
  const double at_event = *live.remaining(0.2);
  EXPECT_NEAR(*live.remaining(0.3), at_event - 0.1, 1e-9);
}

TEST(ProgressEstimate, RepetitionsFollowTheBudgetWithinMinAndMax) {
  SamplingSettings s;  // adaptive: 5 to 30, 0.5 s a cell
  const RunEstimate estimate(s);
  EXPECT_EQ(estimate.planned_repetitions(0.01), s.max_repetitions);  // 50 would fit: capped
  EXPECT_EQ(estimate.planned_repetitions(0.2), s.min_repetitions);   // 3 would fit: at least 5
  EXPECT_EQ(estimate.planned_repetitions(0.05), 10u);                // the budget decides
  EXPECT_EQ(RunEstimate(fixed_sampling(7)).planned_repetitions(10), 7u);
}

TEST(ProgressEstimate, ACellThatFailsLeavesTheRemainingWork) {
  EventReplay r = replay_of_two_cells(0);
  RunEstimate estimate(fixed_sampling(3));
  estimate.observe(r.event(Stage::warming_up, 0, 0));
  r.clock = 0.2;
  r.cells[0].warmup_runs = 1;
  estimate.observe(r.event(Stage::warming_up, 1, 0));
  r.clock = 0.3;
  r.cells[1].warmup_runs = 1;
  estimate.observe(r.event(Stage::measuring, 0, 0));
  const double both = *estimate.remaining(0.3);
  r.clock = 0.5;
  ++r.finished;  // cell 0 failed in its repetition: done, without a finished event
  estimate.observe(r.event(Stage::measuring, 1, 0));
  EXPECT_NEAR(*estimate.remaining(0.5), 0.1 * 3, 1e-9);  // only cell 1 is left
  EXPECT_LT(*estimate.remaining(0.5), both);
}

TEST(ProgressLine, ShortensTheCellNameAndKeepsTheEta) {
  const std::string name = "contention_mutex/pipeline_on_processes/workers:16";
  const std::string full = progress_line(3, 12, name, "12 repetitions", 75.5, 42.0, false, 0);
  EXPECT_EQ(full, "[3/12 cells done] " + name + " (12 repetitions)  elapsed 75.500 s  ETA 42.000 s");
  for (std::size_t width : {80u, 60u, 40u, 20u}) {
    const std::string line = progress_line(3, 12, name, "12 repetitions", 75.5, 42.0, false, width);
    EXPECT_LT(report::display_width(line), width) << line;
    EXPECT_TRUE(line.ends_with("ETA 42.000 s")) << width << ": " << line;
  }
  const std::string at60 = progress_line(3, 12, name, "12 repetitions", 75.5, 42.0, false, 60);
  EXPECT_TRUE(at60.starts_with("[3/12 cells done] …")) << at60;
  EXPECT_NE(at60.find("workers:16"), std::string::npos) << at60;  // the name's tail stays
  EXPECT_TRUE(progress_line(3, 12, "a/b/workers:1", "warm-up", 1, std::nullopt, false, 60).ends_with("ETA -"));
  EXPECT_TRUE(progress_line(12, 12, "a/b/workers:1", "3 repetitions", 1, 0.0, true, 60).ends_with("done"));
}

}  // namespace
}  // namespace concur::cli
