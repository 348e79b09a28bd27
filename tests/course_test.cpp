// `course`: the verdicts follow the measurements' intervals. Recorded runs
// of a quiet machine and of a disturbed one (load 8.7 on 2 CPUs, the single
// thread getting half a CPU) go through the real renderer, and every
// section's verdict and the summary's are checked, in both languages; then
// the whole course end to end through the binary.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <signal.h>
#include <thread>
#include <chrono>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "course/course_cpython.hpp"
#include "course/course_event_trace.hpp"
#include "course/course_text.hpp"
#include "course/course_words.hpp"
#include "course_fixture.hpp"
#include "report/text_layout.hpp"
#include "run_binary.hpp"
#include "temp_dir.hpp"

namespace concur::course {
namespace {

using testing::cell;
using testing::has;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A quiet 2-CPU machine: concurrency pays where the course says it does.
CourseFacts quiet() {
  CourseFacts f;
  f.machine = {2, 2, 2, "Test CPU"};
  auto& d = f.download;
  d.latency_ms = 245;
  d.sequential = cell({2.512, 2.507, 2.519});
  d.gil = cell({0.262, 0.259, 0.266});
  d.threads = cell({0.258, 0.261, 0.257});
  d.disturbance = {0.3, 2, {}};
  auto& z = f.factorise;
  z.numbers = 500'000;
  z.sequential = cell({1.201, 1.198, 1.204, 1.210, 1.199}, 1.20, 1);
  z.rows = {{2, cell({1.221, 1.219, 1.230, 1.224, 1.218}, 1.22, 1),
             cell({0.619, 0.622, 0.617, 0.625, 0.620}, 1.23, 2),
             cell({0.655, 0.651, 0.660, 0.649, 0.652}, 1.25, 2)},
            {10, cell({1.235, 1.229, 1.240, 1.231, 1.238}, 1.23, 1),
             cell({0.630, 0.626, 0.633, 0.628, 0.631}, 1.24, 2),
             cell({0.702, 0.698, 0.705, 0.699, 0.710}, 1.30, 2)}};
  z.disturbance = {0.2, 2, {}};
  f.events.latency_ms = 245;
  f.events.rows = {{10, cell({0.251, 0.252, 0.250}, 0, 0, 16 * 1024), cell({0.252, 0.251, 0.253}, 0, 0, 16 * 1024)},
                   {1000, cell({0.401, 0.398, 0.405, 0.400, 0.402}, 0, 0, 40 * 1024),
                    cell({0.561, 0.552, 0.570, 0.549, 0.558}, 0, 0, 120 * 1024)}};
  f.events.disturbance = {0.4, 2, {}};
  f.events.trace = {{{10.2, 2, 10}, {20.3, 3, 20}, {30.1, 1, 30}}, 30.4};
  f.startup.threads = cell({0.00031, 0.00029, 0.00030, 0.00033, 0.00030});
  f.startup.processes = cell({0.0042, 0.0040, 0.0045, 0.0041, 0.0043});
  f.startup.parent_rss_kb = 24 * 1024;
  f.startup.child_peak_rss_kb = 6 * 1024;
  f.races = {2, 1'000'000, 1'391'207, 2'000'000, cell({0.011, 0.012, 0.011}), cell({0.090, 0.094, 0.091})};
  f.amdahl.cores = 2;
  f.amdahl.sequential = z.sequential;
  f.amdahl.points = {{1, cell({1.212, 1.208, 1.215, 1.209, 1.211}, 1.21, 1)},
                     {2, cell({0.622, 0.618, 0.625, 0.620, 0.621}, 1.23, 2)},
                     {3, cell({0.631, 0.627, 0.635, 0.629, 0.630}, 1.24, 2)},
                     {4, cell({0.626, 0.629, 0.624, 0.631, 0.628}, 1.24, 2)}};
  f.amdahl.serial_fraction = 0.03;
  f.amdahl.disturbance = {0.3, 2, {}};
  f.cpython.numbers = 5'000;
  f.cpython.columns = {{"python3", "3.11.7", true, cell({2.531, 2.524, 2.540}), cell({0.271, 0.266, 0.270}),
                        cell({0.621, 0.612, 0.630}), cell({0.632, 0.626, 0.634}), cell({0.401, 0.392, 0.410})}};
  f.gpu.skipped_reason = "cudaGetDeviceCount: no CUDA-capable device is detected";
  f.gpu.no_gpu = true;
  f.gpu.cuda_detail = f.gpu.skipped_reason;
  return f;
}

// The same machine while other programs compile: load above the CPUs,
// repetitions spread out, the single thread on half a CPU.
CourseFacts disturbed() {
  CourseFacts f = quiet();
  f.download.disturbance = {8.7, 2, {}};
  f.download.sequential = cell({2.61, 3.40, 2.55});
  f.download.gil = cell({0.31, 0.52, 0.27});
  f.download.threads = cell({0.45, 0.26, 0.29});
  auto& z = f.factorise;
  z.disturbance = {8.7, 2, {"factorise/gil/workers:10"}};
  z.sequential = cell({1.90, 2.41, 1.62, 2.80, 2.05}, 1.15, 1);  // 56% of a CPU
  z.rows[0].gil = cell({1.35, 1.90, 2.60, 1.41, 1.52}, 1.2, 1);
  z.rows[1].gil = cell({1.22, 1.31, 1.27, 1.40, 1.25}, 1.2, 1);
  f.events.disturbance = {8.7, 2, {}};
  f.cpython = {};
  f.cpython.missing = "no python3 on the PATH";
  f.events.rows[1].async = cell({0.45, 0.92, 0.51}, 0, 0, 40 * 1024);
  f.events.rows[1].threads = cell({0.61, 0.44, 1.10}, 0, 0, 120 * 1024);
  return f;
}

TEST(CourseVerdicts, IntervalsDecideTiesAndStarvedCellsCannotTell) {
  const CourseFacts q = quiet();
  EXPECT_EQ(judge(q.download.sequential, q.download.gil).outcome, Outcome::faster);
  EXPECT_EQ(judge(q.download.threads, q.download.gil).outcome, Outcome::tie);
  EXPECT_EQ(judge(q.factorise.sequential, q.factorise.rows[0].gil).outcome, Outcome::tie);
  EXPECT_EQ(judge(q.factorise.rows[1].threads, q.factorise.rows[0].threads).outcome, Outcome::tie)
      << "1.94x against 1.91x is a tie, not a win";
  const CourseFacts d = disturbed();
  const Verdict starved = judge(d.factorise.sequential, d.factorise.rows[0].threads);
  EXPECT_EQ(starved.outcome, Outcome::cannot_tell);
  EXPECT_EQ(starved.doubt, Doubt::starved);
  EXPECT_NEAR(starved.starved_share, 1.15 / 2.05, 0.01);
  EXPECT_EQ(judge(d.events.rows[1].threads, d.events.rows[1].async).doubt, Doubt::wide_interval);
  const Verdict one = judge(Measured::of(1.0), Measured::of(0.5));
  EXPECT_EQ(one.doubt, Doubt::too_few_samples) << "one repetition";
  EXPECT_FALSE(one.speedup.has_interval);
  EXPECT_EQ(Words(Lang::en).interval(one.speedup), "2.00x")
      << "not [2.00–2.00]: one repetition has no interval";
  EXPECT_EQ(Words(Lang::en).interval(judge(q.download.sequential, q.download.gil).speedup),
            "9.59x [9.42–9.73]");
  EXPECT_FALSE(judge(Measured::missing("x"), q.download.gil).measured());
}

// Three real downloads on the async model's loop, from servers that wait
// 600, 200 and 400 ms: the callbacks run in the order the answers arrive.
// The course's own 30 / 10 / 20 ms are 10 ms apart, less than a busy 2-core
// machine can delay a thread (it failed at load 10-14); 200 ms apart holds.
TEST(CourseEvents, ARealLoopCallsBackInTheOrderEventsArrive) {
  const EventTrace t = trace_event_loop({600, 200, 400});
  ASSERT_EQ(t.callbacks.size(), 3u);
  EXPECT_EQ(t.callbacks[0].request, 2u);
  EXPECT_EQ(t.callbacks[1].request, 3u);
  EXPECT_EQ(t.callbacks[2].request, 1u);
  EXPECT_GE(t.callbacks[0].at_ms, 199.0);
  EXPECT_GE(t.callbacks[2].at_ms, 599.0);
  EXPECT_GE(t.total_ms, 599.0);
}

TEST(CourseText, AQuietRunConcludesWhatItsIntervalsSupport) {
  const std::string en = render_course(quiet(), Lang::en, "markdown");
  // Section 2: the waits overlap; the lock costs nothing while waiting.
  EXPECT_TRUE(has(en, "made the downloads 9.59x [9.42–9.73] faster, even under the GIL")) << en;
  EXPECT_TRUE(has(en, "More than the course's 4.92x"));
  EXPECT_TRUE(has(en, "Free threads took about as long (0.258 s against 0.262 s under the GIL; a tie)"));
  // Section 3: sized like the course, the GIL ties, free threads and processes win.
  EXPECT_TRUE(has(en, "So this run factorises 500,000, 50 times the course's count"));
  EXPECT_TRUE(has(en, "Threads under the GIL did not help: at best 2 threads, 0.98x"));
  EXPECT_TRUE(has(en, "reached 1.94x [1.92–1.95] with 2 threads"));
  EXPECT_TRUE(has(en, "At best 2 processes reached 1.84x"));
  EXPECT_TRUE(has(en, "| free threads | 10 | 0.630 s | 1.91x [1.90–1.92] | faster |"));
  EXPECT_FALSE(has(en, "The machine was busy"));
  // Section 3b: start-up measured, fork explained.
  EXPECT_TRUE(has(en, "Starting 10 processes took 14.0 times as long as starting 10 threads"));
  EXPECT_TRUE(has(en, "copy-on-write"));
  EXPECT_TRUE(has(en, "are kernel threads"));
  EXPECT_TRUE(has(en, "PyCUDA (NVIDIA's CUDA), PyOpenCL (OpenCL, any vendor) and Theano"));
  EXPECT_TRUE(has(en, "Each child peaked at 6.0 MiB"));
  // Section 3d: the race, measured, and the lock's price.
  EXPECT_TRUE(has(en, "Without a lock, 608,793 updates were lost"));
  EXPECT_TRUE(has(en, "the count was 2,000,000, at a price: 91.0 ms against 11.0 ms"));
  EXPECT_TRUE(has(en, "so turns are not taken in order"));
  // Section 3e: Amdahl, the curve flat past the cores.
  EXPECT_TRUE(has(en, "| 4 | 0.628 s | 1.91x [1.90–1.93] | faster | tie |")) << en;
  EXPECT_TRUE(has(en, "past 2 threads here"));
  EXPECT_TRUE(has(en, "Fitted on these points, f = 3.0%."));
  // Section 3c: CPython's own threads and Pool beside the model's cells.
  // A tie by compare's ±5% rule (the Analysis's and the course's).
  EXPECT_TRUE(has(en, "| factorise, 10 threads | 0.97x (tie) | 0.98x (tie) |")) << en;
  EXPECT_TRUE(has(en, "| factorise, 10 processes (multiprocessing.Pool) | 1.71x (faster) | 1.55x (faster) |"));
  EXPECT_TRUE(has(en, "On computing with threads, python3 and the model agree: tie."));
  // Section 4: async first, with what the time went on beyond the wait.
  EXPECT_TRUE(has(en, "At 1,000 downloads at once, async finished first: 0.401 s against 0.558 s"));
  EXPECT_TRUE(has(en, "The wait alone is 245 ms; the fastest took 0.401 s"));
  EXPECT_FALSE(has(en, "spent it waiting"));
  EXPECT_TRUE(has(en, "the async model's own event loop"));
  EXPECT_TRUE(has(en, "servers that wait 30 / 10 / 20 ms"));
  EXPECT_TRUE(has(en, "at 10.2 ms, callback of request 2; at 20.3 ms, callback of request 3; at 30.1 ms, callback "
                      "of request 1; all done in 30.4 ms"));
  // Summary: the same verdicts; two models within each other's interval tie.
  EXPECT_TRUE(has(en, "Waiting for I/O (section 2): free threads and threads under the GIL were both faster than "
                      "sequential (9.74x and 9.59x) and tied"));
  EXPECT_TRUE(has(en, "Computing (section 3): free threads ×2 and free threads ×10 were both faster than "
                      "sequential (1.94x and 1.91x) and tied"));
  EXPECT_TRUE(has(en, "(section 4, 1,000 downloads): fastest, async; lightest, async."));
  EXPECT_TRUE(has(en, "GPU (section 5): not measured: no NVIDIA GPU found."));
  EXPECT_FALSE(has(en, "cudaGetDeviceCount")) << "CUDA's own words only with --verbose";
  CourseFacts verbose = quiet();
  verbose.verbose = true;
  EXPECT_TRUE(has(render_course(verbose, Lang::en, "markdown"), "no NVIDIA GPU found (CUDA: cudaGetDeviceCount"));
}

TEST(CourseText, ADisturbedRunSaysSoAndCannotTellWhatNoiseCouldExplain) {
  const std::string en = render_course(disturbed(), Lang::en, "markdown");
  EXPECT_TRUE(has(en, "The machine was busy while this section ran (load average 8.7 on 2 CPUs)")) << en;
  EXPECT_TRUE(has(en, "factorise/gil/workers:10 went faster than its workers or cores allow"));
  // Waits of 0.25 s against 2.5 s stay clear even so.
  EXPECT_TRUE(has(en, "faster, even under the GIL"));
  // Computing: the single thread had 56% of a CPU: nothing to conclude, no cause given.
  EXPECT_TRUE(has(en, "Whether threads under the GIL helped, this run cannot tell: a computing cell got only 56% "
                      "of the CPUs it needed"));
  EXPECT_TRUE(has(en, "Whether free threads (no global lock) helped, this run cannot tell"));
  EXPECT_TRUE(has(en, "Whether processes helped, this run cannot tell"));
  EXPECT_FALSE(has(en, "too little to repay"));
  EXPECT_FALSE(has(en, "Here: "));
  // Section 4: the intervals overlap both ways.
  EXPECT_TRUE(has(en, "this run cannot tell async and threads apart: the 95% interval"));
  EXPECT_FALSE(has(en, "finished first"));
  EXPECT_TRUE(has(en, "CPython not measured: no python3 on the PATH."));
  // Summary: the same verdicts, and the disturbance said.
  EXPECT_TRUE(has(en, "Computing (section 3): no model was shown faster than sequential here (threads under the GIL "
                      "×2 1.35x (cannot tell)"))
      << en;
  EXPECT_TRUE(has(en, "cannot tell which was faster; lightest, async. The machine was busy meanwhile."));
}

TEST(CourseText, FrenchFollowsTheSameVerdictsWithFrenchTypography) {
  const std::string q = render_course(quiet(), Lang::fr, "markdown");
  EXPECT_TRUE(has(q, "## 1. La machine")) << q;
  EXPECT_TRUE(has(q, "×9,59 [9,42–9,73] plus rapides, même sous le GIL"));
  EXPECT_TRUE(has(q, "2,51\u00a0s"));
  EXPECT_TRUE(has(q, "500\u202f000"));
  EXPECT_TRUE(has(q, "Les fils sous le GIL n'ont pas aidé\u00a0:"));
  EXPECT_TRUE(has(q, "| modèle | fils ou processus |"));
  for (const char* english : {"downloads", "workers", "threads", "(tie)", "speedup", "cannot tell", "found"})
    EXPECT_FALSE(has(q, english)) << english << q;
  EXPECT_FALSE(has(q, " :")) << "a breakable space before a colon";
  EXPECT_FALSE(has(q, " ;"));
  const std::string d = render_course(disturbed(), Lang::fr, "markdown");
  EXPECT_TRUE(has(d, "La machine était occupée pendant cette section (charge moyenne 8,7 pour 2 processeurs)")) << d;
  EXPECT_TRUE(has(d, "Ce passage ne permet pas de dire si les fils libres (sans verrou global) ont aidé"));
}

// Paragraphs wrap at the width asked for (the terminal's, at most 78), with
// report/'s layout; headings are underlined.
TEST(CourseText, TheTerminalTextIsWrappedAndUnderlined) {
  for (std::size_t columns : {78u, 50u}) {
    const std::string text = render_course(quiet(), Lang::fr, "table", columns);
    EXPECT_TRUE(has(text, "1. La machine\n-------------\n")) << text;
    for (const auto& line : testing::lines_of(text)) {
      if (line.starts_with("  ")) continue;  // table rows may be wider
      EXPECT_LE(report::display_width(line), columns) << line;
    }
  }
}

TEST(CourseText, MissingCellsSayWhyAndMarkdownIsATableReport) {
  CourseFacts f = quiet();
  f.download.gil = Measured::missing("connection refused");
  const std::string md = render_course(f, Lang::en, "markdown");
  EXPECT_EQ(md.rfind("# Python 103", 0), 0u) << md;
  EXPECT_TRUE(has(md, "## 2. Waiting: downloading 10 images"));
  EXPECT_TRUE(has(md, "| model | threads | time | speedup [95% interval] | verdict | course (Python) |"));
  EXPECT_TRUE(has(md, "Not measured, threads under the GIL: connection refused."));
  EXPECT_THROW(render_course(f, Lang::en, "csv"), concur::UsageError);
}

// One whole run (the course measures every experiment: the suite's slowest
// test, so once, not once per language). French Markdown exercises the
// --lang and --format flags; both languages' texts are checked from the same
// facts by the CourseText tests above.
TEST(CourseBinary, QuickCourseEndToEnd) {
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  auto en = testing::run_binary({"course", "--quick"});
  ASSERT_EQ(en.exit_code, 0) << en.err << en.out;
  EXPECT_TRUE(has(en.out, "multiprocessing.cpu_count() would report " + std::to_string(cpus))) << en.out;
  EXPECT_TRUE(has(en.out, "seed 42: `")) << "the header names the run";
  EXPECT_TRUE(has(en.out, "course --quick`"));
  EXPECT_TRUE(has(en.out, "What sharing costs, through the runner")) << "the contention workloads ran";
  for (const char* heading : {"3b. What starting workers costs", "3c. The same experiments in real CPython",
                              "3d. Shared data: races and locks", "4b. Reactive: the data centre's thermometers"})
    EXPECT_TRUE(has(en.out, heading)) << heading;
  for (const char* heading : {"1. The machine", "2. Waiting", "3. Computing", "4. Event-driven", "5. The GPU",
                              "Summary"})
    EXPECT_TRUE(has(en.out, heading)) << heading;
  EXPECT_FALSE(has(en.out, "Not measured")) << en.out;
  EXPECT_FALSE(has(en.out, "about as long as on the course's")) << "--quick waits less than the course";

  auto fr = testing::run_binary({"course", "--quick", "--no-python", "--lang", "fr", "--format", "markdown"});
  ASSERT_EQ(fr.exit_code, 0) << fr.err << fr.out;
  EXPECT_TRUE(has(fr.out, "## 1. La machine")) << fr.out;
  for (const char* heading : {"\n## 2. ", "\n## 3. ", "\n## 4. ", "\n## 4 bis. ", "\n## 5. ", "\n## Bilan"})
    EXPECT_TRUE(has(fr.out, heading)) << heading;
  EXPECT_TRUE(has(fr.out, "multiprocessing.cpu_count() renverrait " + std::to_string(cpus)));
  EXPECT_FALSE(has(fr.out, "Non mesuré")) << "every experiment runs on this machine\n" << fr.out;

  auto bad = testing::run_binary({"course", "--lang", "de"});
  EXPECT_EQ(bad.exit_code, 2);
  auto not_a_folder = testing::run_binary({"course", "--quick", "--output", "/dev/null"});
  EXPECT_EQ(not_a_folder.exit_code, 2) << not_a_folder.err;
  EXPECT_TRUE(has(not_a_folder.err, "not a folder"));
}

TEST(CourseBinary, OutputFolderHoldsAReportAndItsChart) {
  for (const char* needed : {"download", "factorise"})
    if (!find_workload(needed)) GTEST_SKIP() << "no '" << needed << "' workload in this build";
  testing::TempDir folder("concur-course");  // removed even when an ASSERT fails
  ASSERT_FALSE(folder.path().empty());
  const std::string dir = folder.file("report");
  auto run = testing::run_binary({"course", "--quick", "--no-python", "--output", dir, "--seed", "7"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string md = slurp(dir + "/report.md");
  EXPECT_TRUE(has(md, "seed 7: `")) << md;
  EXPECT_TRUE(has(md, "![speedup against free threads](amdahl.svg)"));
  EXPECT_TRUE(has(md, "CPython not measured: --no-python."));
  EXPECT_TRUE(has(slurp(dir + "/amdahl.svg"), "<svg"));
}

// --output is checked before the course runs (minutes): a folder it cannot
// write in, or "-", is bad usage (exit 2) at once, and nothing is created.
TEST(CourseBinary, AnOutputFolderThatCannotBeWrittenIsRefusedFirst) {
  testing::TempDir folder("concur-course");
  ASSERT_FALSE(folder.path().empty());
  const std::string locked = folder.file("locked");
  ASSERT_EQ(::mkdir(locked.c_str(), 0555), 0);
  ASSERT_EQ(::chmod(folder.path().c_str(), 0755), 0);
  testing::Launch nobody;
  if (::getuid() == 0) {  // as root, every folder is writable
    if (!testing::user_can_run_binary(65534)) GTEST_SKIP() << "the user nobody cannot reach " << CONCUR_BINARY;
    nobody.as_user = 65534;
  }
  for (const std::string& dir : {locked + "/report", locked}) {
    testing::RunningBinary run({"course", "--quick", "--no-python", "--output", dir}, nobody);
    const auto refused = run.finish();
    EXPECT_EQ(refused.exit_code, 2) << dir << ": " << refused.err;
    EXPECT_TRUE(has(refused.err, "--output '" + dir + "': cannot write in " + locked + ": Permission denied"))
        << refused.err;
    EXPECT_TRUE(refused.out.empty()) << "refused before anything ran";
  }
  EXPECT_FALSE(std::filesystem::exists(locked + "/report"));
  const auto dash = testing::run_binary({"course", "--quick", "--output", "-"});
  EXPECT_EQ(dash.exit_code, 2) << dash.err;
  EXPECT_TRUE(has(dash.err, "the course writes a folder")) << dash.err;
  EXPECT_FALSE(std::filesystem::exists("-"));
}

// Ctrl-C between or inside the course's experiments ends it through the
// Interrupted exception (not a report's exit code): still 130.
TEST(CourseBinary, CtrlCExits130) {
  testing::RunningBinary run({"course", "--quick"},
                             {/*env=*/{}, /*max_open_files=*/std::nullopt, /*discard_output=*/true});
  std::this_thread::sleep_for(std::chrono::seconds(2));
  run.signal(SIGINT);
  EXPECT_EQ(run.finish().exit_code, 130);
}

}  // namespace
}  // namespace concur::course

namespace concur::course {
namespace {

// Puts a folder first on the PATH while in scope.
class PathFirst {
 public:
  explicit PathFirst(const std::string& folder) : old_(std::getenv("PATH") ? std::getenv("PATH") : "") {
    ::setenv("PATH", (folder + ":" + old_).c_str(), 1);
  }
  ~PathFirst() { ::setenv("PATH", old_.c_str(), 1); }
  PathFirst(const PathFirst&) = delete;
  PathFirst& operator=(const PathFirst&) = delete;

 private:
  std::string old_;
};

// A script that prints without end (one found through
// $CONCUR_BENCH_PYTHON_DIR may be anything) is not held in memory: its
// cells say it printed no result.
TEST(CourseCPython, AScriptPrintingWithoutBoundIsNotKept) {
  if (std::string(CONCUR_PYTHON3).empty())
    GTEST_SKIP() << "no Python 3 interpreter was found when CMake configured the tests "
                    "(find_package(Python3 COMPONENTS Interpreter)); install python3 and reconfigure";
  testing::TempDir dir("concur-course-python");
  ASSERT_FALSE(dir.path().empty());
  // The course runs "python3" from the PATH: make that the interpreter CMake found.
  std::filesystem::create_directory(dir.file("bin"));
  std::filesystem::create_symlink(CONCUR_PYTHON3, dir.file("bin/python3"));
  const PathFirst python_first(dir.file("bin"));
  for (const char* name : {"course_factorise.py", "course_download.py"})
    std::ofstream(dir.file(name))  // a valid result, then 4 MiB of (JSON-legal) spaces
        << "import sys\nsys.stdout.write('{\"seconds\": [0.1, 0.1, 0.1], \"version\": \"3\", "
           "\"checksum\": 1}' + ' ' * (4 << 20))\n";
  ::setenv("CONCUR_BENCH_PYTHON_DIR", dir.path().c_str(), 1);
  const CPythonFacts facts = measure_cpython(/*quick=*/true, 42, 0);
  ::unsetenv("CONCUR_BENCH_PYTHON_DIR");
  ASSERT_FALSE(facts.columns.empty()) << facts.missing;
  const CPythonColumn& c = facts.columns.front();
  for (const Measured* m : {&c.cpu_sequential, &c.download_sequential}) {
    EXPECT_FALSE(m->ok());
    EXPECT_NE(m->reason.find("printed no result"), std::string::npos) << m->reason;
  }
}

}  // namespace
}  // namespace concur::course
