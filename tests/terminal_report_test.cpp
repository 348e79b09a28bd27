// The answer at a glance and the terminal's limits: the summary grid, the
// detailed table without cells that do not apply, width and colour.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/progress.hpp"
#include "cli/terminal.hpp"
#include "concur/options.hpp"
#include "concur/registry.hpp"
#include "concur/report.hpp"
#include "report/analysis_text.hpp"
#include "report/summary_grid.hpp"
#include "report_fixture.hpp"
#include "run_binary.hpp"
#include "sanitizers.hpp"
#include "terminal_capture.hpp"

namespace concur {
namespace {

using testing::lines_of;

// primes as in the fixture, plus download where only some models apply.
RunReport mixed_report() {
  RunReport r = testing::fake_report();
  CellResult na = testing::fake_cell("async", 1, {});
  na.status = CellStatus::not_applicable;
  na.reason = "needs non-blocking I/O: only download offers it";
  r.cells.insert(r.cells.begin() + 4, na);
  for (auto [model, seconds] : {std::pair{"sequential", 0.5}, {"threads", 0.06}, {"async", 0.055}}) {
    CellResult c = testing::fake_cell(model, model == std::string("sequential") ? 1 : 10,
                                      {seconds, seconds * 1.01, seconds * 0.99});
    c.workload = "download";
    c.group = "io";
    c.name = "download/" + c.model + "/workers:" + c.workers_label;
    r.cells.push_back(c);
  }
  CellResult skipped = testing::fake_cell("processes", 10, {});
  skipped.workload = "download";
  skipped.status = CellStatus::skipped;
  skipped.reason = "no fork here";
  r.cells.push_back(skipped);
  analyse(r);
  return r;
}

std::size_t widest(const std::string& text) {
  std::size_t widest = 0;
  for (const std::string& line : lines_of(text)) {
    std::size_t chars = 0;
    for (unsigned char c : line) chars += (c & 0xC0) != 0x80;
    widest = std::max(widest, chars);
  }
  return widest;
}

TEST(SummaryGrid, RowsWorkloadsColumnsModelsBestMarkedDashWhereNotApplicable) {
  const std::string grid = report::render_summary_grid(mixed_report(), {});
  const auto lines = lines_of(grid);
  ASSERT_GE(lines.size(), 4u) << grid;
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.starts_with("workload"); });
  ASSERT_NE(header, lines.end()) << grid;
  for (const char* model : {"sequential", "threads", "processes", "async"}) EXPECT_NE(header->find(model), std::string::npos);
  const std::string primes = *(header + 1), download = *(header + 2);
  EXPECT_TRUE(primes.starts_with("primes")) << grid;
  EXPECT_NE(primes.find("1.00x "), std::string::npos) << primes;  // the baseline, no interval
  EXPECT_NE(primes.find("3.08x±"), std::string::npos) << primes;  // threads' best count (4 workers)
  EXPECT_NE(primes.find("%*"), std::string::npos) << primes;      // ... marked best
  EXPECT_NE(primes.find("FAILED"), std::string::npos) << primes;
  EXPECT_NE(primes.find(" - "), std::string::npos) << primes;     // async does not apply
  EXPECT_NE(download.find("skipped"), std::string::npos) << download;
  EXPECT_EQ(std::count(download.begin(), download.end(), '*'), 1) << download;
  EXPECT_NE(download.find("9.09x"), std::string::npos) << download;  // async 0.5 / 0.055
  EXPECT_LE(widest(grid), 100u) << grid;
}

std::vector<std::string> grid_headers(const std::string& grid) {
  std::vector<std::string> headers;
  for (const std::string& line : lines_of(grid))
    if (line.starts_with("workload")) headers.push_back(line);
  return headers;
}

TEST(SummaryGrid, DropsIntervalsWhenThatKeepsItWholeElseSplitsIntoBlocks) {
  RenderOptions narrow;
  narrow.width = 52;  // 54 wide with intervals, 50 without
  const std::string whole = report::render_summary_grid(mixed_report(), narrow);
  EXPECT_EQ(whole.find("±"), std::string::npos) << whole;
  std::string joined = whole;  // the legend wraps at the width
  std::replace(joined.begin(), joined.end(), '\n', ' ');
  EXPECT_NE(joined.find("intervals in the table above"), std::string::npos) << whole;
  EXPECT_EQ(grid_headers(whole).size(), 1u) << whole;
  EXPECT_LE(widest(whole), 52u) << whole;

  narrow.width = 40;  // too narrow even without: two blocks, intervals kept
  const std::string split = report::render_summary_grid(mixed_report(), narrow);
  EXPECT_NE(split.find("±"), std::string::npos) << split;
  EXPECT_EQ(grid_headers(split).size(), 2u) << split;
  EXPECT_LE(widest(split), 40u) << split;
}

// Every registered model on every registered workload, with cuda skipped
// throughout (no GPU) and speedups up to 10x.
RunReport registry_report() {
  RunReport r;
  r.context = testing::fake_context();
  for (const WorkloadEntry& workload : workload_registry()) {
    double speedup = 1;
    for (const ModelEntry& entry : model_registry()) {
      const std::string model(entry.name);
      const double t = 1.0 / speedup;
      CellResult c = testing::fake_cell(model, model == "sequential" ? 1 : 4,
                                        {t, t * 1.05, t * 0.93, t * 1.02, t * 0.98});
      if (model == "cuda") c.status = CellStatus::skipped, c.reason = "no CUDA device found";
      c.workload = std::string(workload.name);
      c.name = c.workload + "/" + model + "/workers:" + c.workers_label;
      r.cells.push_back(c);
      speedup += 0.9;
    }
  }
  analyse(r);
  return r;
}

TEST(SummaryGrid, EveryRegisteredModelFitsEightyAndHundredColumns) {
  const RunReport report = registry_report();
  for (std::size_t width : {80u, 100u}) {
    RenderOptions options;
    options.width = width;
    const std::string grid = report::render_summary_grid(report, options);
    EXPECT_LE(widest(grid), width) << grid;
    EXPECT_NE(grid.find("±"), std::string::npos) << grid;  // split, intervals kept
    EXPECT_NE(grid.find("\ncuda: skipped (no CUDA device found)\n"), std::string::npos) << grid;
    const auto headers = grid_headers(grid);
    ASSERT_GE(headers.size(), 2u) << grid;
    for (const ModelEntry& model : model_registry()) {
      const auto in = std::count_if(headers.begin(), headers.end(), [&](const std::string& h) {
        return (h + " ").find(" " + std::string(model.name) + " ") != std::string::npos;
      });
      EXPECT_EQ(in, model.name == "cuda" ? 0 : 1) << model.name << "\n" << grid;
    }
    // Each block repeats every workload.
    for (const WorkloadEntry& workload : workload_registry()) {
      const auto lines = lines_of(grid);
      EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                              [&](const std::string& l) { return l.starts_with(std::string(workload.name) + " "); }),
                static_cast<std::ptrdiff_t>(headers.size()))
          << workload.name << "\n" << grid;
    }
  }
}

TEST(TerminalTable, WarningsAreYellowWithColourPlainWithout) {
  RunReport r = testing::fake_report();
  Warning load;
  load.kind = WarningKind::load_high;
  load.subject.kind = SubjectKind::machine;
  load.message = "load 5.0 on 4 CPUs";
  load.advice.kind = AdviceKind::close_other_programs;
  r.analysis.warnings.push_back(load);
  RenderOptions colour;
  colour.color = true;
  const std::string painted = render("table", r, colour);
  const std::string advice = report::advice_text({AdviceKind::close_other_programs});
  EXPECT_NE(painted.find("\033[33m! load 5.0 on 4 CPUs.\033[0m\n  -> " + advice + "\n"), std::string::npos)
      << painted;
  const std::string plain = render("table", r);
  EXPECT_NE(plain.find("\n! load 5.0 on 4 CPUs.\n  -> " + advice + "\n"), std::string::npos) << plain;
  EXPECT_EQ(plain.find('\033'), std::string::npos) << plain;
}

// In colour each timed row ends with a bar of its speedup; a row without a
// speedup (the failed cell) has none.
TEST(TerminalTable, SpeedupBarsOnlyOnRowsWithASpeedup) {
  const RunReport report = testing::fake_report();
  const std::string table = render("table", report, {.color = true});
  std::size_t bars = 0;
  for (const std::string& line : testing::lines_of(table)) {
    const bool has_bar = line.find("█") != std::string::npos;
    if (line.find("processes") != std::string::npos && line.find("FAILED") != std::string::npos) {
      EXPECT_FALSE(has_bar) << line;
    }
    bars += has_bar;
  }
  EXPECT_EQ(bars, 4u) << table;  // sequential and threads at 1, 2 and 4 workers
}

TEST(TerminalTable, LeavesOutCellsThatDoNotApplyWithOneNotePerModel) {
  const std::string table = render("table", mixed_report());
  EXPECT_EQ(table.find("n/a"), std::string::npos) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n') > 0, true);
  EXPECT_NE(table.find("async       applies to download only (needs non-blocking I/O"), std::string::npos)
      << table;
  // Skipped and failed cells stay, with their reasons.
  EXPECT_NE(table.find("no fork here"), std::string::npos) << table;
  EXPECT_NE(table.find("not verified"), std::string::npos) << table;
  for (const std::string& line : lines_of(table))
    EXPECT_FALSE(line.starts_with("primes") && line.find("async") != std::string::npos) << line;
}

TEST(TerminalTable, NarrowWidthDropsColumnsToFit) {
  RenderOptions wide, narrow;
  narrow.width = 80;
  const std::string full = render("table", mixed_report(), wide);
  const std::string fitted = render("table", mixed_report(), narrow);
  const auto first_line = [](const std::string& t) { return t.substr(0, t.find('\n')); };
  EXPECT_GT(widest(first_line(full)), 80u) << full;
  EXPECT_LE(widest(first_line(fitted)), 80u) << fitted;
  EXPECT_NE(fitted.find("speedup"), std::string::npos);
  EXPECT_EQ(first_line(fitted).find("throughput"), std::string::npos);
}

TEST(TerminalTable, MarkdownStartsWithContextAndLeavesOutNotApplicable) {
  const std::string md = render("markdown", mixed_report());
  EXPECT_TRUE(md.starts_with("## Context\n")) << md;
  for (const char* text : {"| machine | Test CPU (testhost) |", "| cores | 4 logical, 4 physical",
                           "| date | 2026-11-25T18:00:00+00:00 |", "| version | concur-bench 0.0.0-test",
                           "| command line | `concur-bench math --workloads primes` |", "| seed | 42 |"})
    EXPECT_NE(md.find(text), std::string::npos) << text << "\n" << md;
  EXPECT_NE(md.find("## Scaling"), std::string::npos) << md;  // threads swept 1, 2, 4
  EXPECT_NE(md.find("Serial fraction"), std::string::npos) << md;
  EXPECT_EQ(md.find("| primes | async |"), std::string::npos) << md;
  EXPECT_NE(md.find("| download | async |"), std::string::npos) << md;
  EXPECT_NE(md.find("- async"), std::string::npos) << md;
}

TEST(TerminalCli, ColorFlagOverridesTheTerminalTestAndNoColor) {
  const std::vector<std::string> run = {"math", "--quick", "--workloads", "primes", "--models", "sequential"};
  auto with = [&](std::vector<std::string> extra, std::vector<std::string> env = {}) {
    std::vector<std::string> args = run;
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_binary(args, env);
  };
  EXPECT_EQ(with({}).out.find('\033'), std::string::npos);  // a pipe: no colour
  EXPECT_NE(with({"--color", "always"}).out.find('\033'), std::string::npos);
  EXPECT_NE(with({"--color=always"}, {"NO_COLOR=1"}).out.find('\033'), std::string::npos);
  EXPECT_EQ(with({"--color", "never"}).out.find('\033'), std::string::npos);
  auto error = testing::run_binary({"math", "--color", "always", "--models", "nosuch"});
  EXPECT_EQ(error.exit_code, 2);
  EXPECT_NE(error.err.find("\033[1;31merror:"), std::string::npos) << error.err;
}

TEST(TerminalCli, AllEndsWithTheSummaryGridWithinColumns) {
  auto r = testing::run_binary({"all", "--quick", "--models", "sequential,threads,async", "--workloads",
                                "primes,download", "--images", "4", "--latency", "10"},
                               {"COLUMNS=80"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto grid = r.out.find("Speedup over sequential");
  ASSERT_NE(grid, std::string::npos) << r.out;
  // The table, the grid and the warnings (wrapped, as all prose) fit.
  EXPECT_LE(widest(r.out), 80u) << r.out;
  EXPECT_NE(r.out.find("download", grid), std::string::npos);
  EXPECT_NE(r.out.find("*", grid), std::string::npos);
}

// --color always also paints the warnings under the table (one repetition: a warning).
TEST(TerminalCli, WarningsFollowTheColourFlag) {
  const std::vector<std::string> run = {"math", "--repetitions", "1", "--workloads", "primes", "--models",
                                        "sequential", "--size", "1000"};
  auto with = [&](const char* mode) {
    std::vector<std::string> args = run;
    args.insert(args.end(), {"--color", mode});
    return testing::run_binary(args);
  };
  const auto always = with("always"), never = with("never");
  ASSERT_EQ(always.exit_code, 0) << always.err;
  EXPECT_NE(always.out.find("\033[33m! "), std::string::npos) << always.out;
  EXPECT_NE(never.out.find("\n! "), std::string::npos) << never.out;
  EXPECT_EQ(never.out.find('\033'), std::string::npos) << never.out;
}

// The real registry, as `all` runs it: every model, at 80 and 100 columns.
TEST(TerminalCli, EveryRegisteredModelFitsEightyAndHundredColumns) {
  // Under TSan, the models whose runtime it cannot see (OpenMP, oneTBB) stay
  // out, as everywhere in the suite.
  std::vector<std::string> names;
  for (const ModelEntry& m : model_registry())
    if (!testing::tsan_cannot_see(m.make(Options{})->info()))
      names.emplace_back(m.name);
  std::string models;
  for (const auto& name : names) models += (models.empty() ? "" : ",") + name;
  for (const char* columns : {"COLUMNS=80", "COLUMNS=100"}) {
    const std::size_t width = std::stoul(std::string(columns).substr(8));
    std::vector<std::string> env = testing::open_mpi_leak_environment();  // every model: mpi too
    env.push_back(columns);
    auto r = testing::run_binary({"all", "--repetitions", "2", "--warmup", "0", "--models", models, "--workloads",
                                  "primes", "--size", "20000"},
                                 env);
    ASSERT_LE(r.exit_code, 1) << r.err;
    const auto grid = r.out.find("Speedup over sequential");
    ASSERT_NE(grid, std::string::npos) << r.out;
    EXPECT_LE(widest(r.out.substr(grid)), width) << r.out.substr(grid);
    for (const auto& name : names)
      EXPECT_NE(r.out.find(name, grid), std::string::npos) << name << "\n" << r.out.substr(grid);
  }
}

TEST(TerminalProgress, ElapsedKeepsMovingDuringALongCell) {
  int master = -1, slave = -1;
  ASSERT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
  {
    cli::Progress progress(slave, false);
    CellResult cell;
    cell.name = "primes/threads/workers:2";
    progress.observer().progress({ProgressEvent::Stage::measuring, cell, 2, 0, 3, 0.0});
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // one long repetition, no event
  }
  ::close(slave);
  const std::string shown = testing::read_written(master);
  ::close(master);
  EXPECT_NE(shown.find("(2 repetitions)  elapsed 0.0 µs"), std::string::npos) << shown;
  // Redrawn by the clock with the same cell and a later time.
  EXPECT_NE(shown.find(" ms  ETA -"), std::string::npos) << shown;  // e.g. "elapsed 250.3 ms"
}

// TERM=dumb takes no escape sequences: the progress line is redrawn with
// a carriage return and blanks, and auto colour is off. Any other TERM on
// the same terminal keeps both.
TEST(TerminalProgress, ADumbTerminalGetsNoEscapeSequences) {
  const testing::ScopedEnv no_no_color("NO_COLOR", nullptr);
  const auto shown_with = [](const char* term, bool* colour) {
    const testing::ScopedEnv terminal("TERM", term);
    int master = -1, slave = -1;
    EXPECT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0);
    *colour = cli::color_enabled(cli::ColorMode::auto_detect, slave);
    {
      cli::Progress progress(slave, false);
      CellResult cell;
      cell.name = "primes/threads/workers:2";
      progress.observer().progress({ProgressEvent::Stage::measuring, cell, 2, 0, 3, 0.0});
      cell.name = "pi/threads/workers:2";
      progress.observer().progress({ProgressEvent::Stage::measuring, cell, 3, 0, 3, 0.0});
    }
    ::close(slave);
    const std::string shown = testing::read_written(master);
    ::close(master);
    return shown;
  };
  bool colour = true;
  const std::string dumb = shown_with("dumb", &colour);
  EXPECT_FALSE(colour);
  EXPECT_EQ(dumb.find('\033'), std::string::npos) << dumb;
  EXPECT_NE(dumb.find("pi/threads/workers:2"), std::string::npos) << dumb;
  // The shorter second line is padded with blanks over the first.
  EXPECT_NE(dumb.find("\r"), std::string::npos) << dumb;
  const std::string xterm = shown_with("xterm", &colour);
  EXPECT_TRUE(colour);
  EXPECT_NE(xterm.find("\033[K"), std::string::npos) << xterm;
}

}  // namespace
}  // namespace concur
