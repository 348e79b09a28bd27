// `course`: the prose follows the measurements (fed fixed facts in which
// threads win or lose), in both languages and both formats; and the whole
// course end to end through the binary.
#include <gtest/gtest.h>
#include <signal.h>
#include <thread>
#include <chrono>
#include <unistd.h>

#include <string>

#include "concur/errors.hpp"
#include "concur/registry.hpp"
#include "course/course_text.hpp"
#include "run_binary.hpp"

namespace concur::course {
namespace {

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// A run where concurrency pays as the course says, or one where it does not.
CourseFacts facts(bool concurrency_wins) {
  CourseFacts f;
  f.machine = {4, 4, 2, "Test CPU"};
  f.download.images = 10;
  f.download.latency_ms = 245;
  f.download.sequential = Measured::of(2.51);
  f.download.gil = Measured::of(concurrency_wins ? 0.262 : 3.1);
  f.download.threads = Measured::of(concurrency_wins ? 0.258 : 3.0);
  f.factorise.numbers = 10'000;
  f.factorise.sequential = Measured::of(0.040, 0, 0.040);
  const double gil = 0.041, parallel = concurrency_wins ? 0.021 : 0.055;
  f.factorise.rows = {{2, Measured::of(gil), Measured::of(parallel), Measured::of(parallel * 1.1)},
                      {10, Measured::of(gil), Measured::of(parallel), Measured::of(parallel * 1.2)}};
  f.events.latency_ms = 245;
  f.events.rows = {{10, Measured::of(0.25, 16 * 1024), Measured::of(0.25, 16 * 1024)},
                   {1000, Measured::of(concurrency_wins ? 0.30 : 0.60, 40 * 1024),
                    Measured::of(concurrency_wins ? 0.45 : 0.31, 120 * 1024)}};
  f.gpu.skipped_reason = "no CUDA device";
  return f;
}

TEST(CourseText, ThreadsThatWinAreSaidToWin) {
  const std::string en = render_course(facts(true), Lang::en, "markdown");
  EXPECT_TRUE(has(en, "made the downloads 9.58x faster, even under the GIL")) << en;
  EXPECT_FALSE(has(en, "did not speed up the downloads"));
  EXPECT_TRUE(has(en, "Threads under the GIL did not help")) << "the GIL still serialises computing";
  EXPECT_TRUE(has(en, "2 threads reached 1.90x"));
  EXPECT_TRUE(has(en, "Processes get around the GIL"));
  EXPECT_TRUE(has(en, "async finished in 0.300 s, 1.50x faster than 1,000 threads"));
  EXPECT_TRUE(has(en, "Waiting for I/O (section 2): best was free threads, 9.73x faster than sequential"));
  EXPECT_TRUE(has(en, "Computing (section 3): best was free threads ×2, 1.90x"));
  EXPECT_TRUE(has(en, "(section 4, 1,000 downloads): fastest, async; lightest, async."));
  EXPECT_TRUE(has(en, "No GPU rows in this run: no CUDA device."));
}

TEST(CourseText, ThreadsThatLoseAreNotSaidToWin) {
  const std::string en = render_course(facts(false), Lang::en, "markdown");
  EXPECT_TRUE(has(en, "Threads did not speed up the downloads here (0.81x)")) << en;
  EXPECT_FALSE(has(en, "even under the GIL"));
  EXPECT_TRUE(has(en, "Even without the lock, threads did not go faster (0.73x)"));
  EXPECT_TRUE(has(en, "Processes did not pay off here"));
  EXPECT_FALSE(has(en, "Processes get around the GIL"));
  EXPECT_TRUE(has(en, "threads finished first (0.310 s against 0.600 s for async)"));
  EXPECT_TRUE(has(en, "Waiting for I/O (section 2): no model beat sequential here"));
  EXPECT_TRUE(has(en, "Computing (section 3): no model beat sequential here"));
  EXPECT_TRUE(has(en, "(section 4, 1,000 downloads): fastest, free threads; lightest, async."));
}

TEST(CourseText, FrenchFollowsTheSameMeasurements) {
  const std::string win = render_course(facts(true), Lang::fr, "markdown");
  EXPECT_TRUE(has(win, "1. La machine")) << win;
  EXPECT_TRUE(has(win, "9,58x plus rapides, même sous le GIL"));
  EXPECT_TRUE(has(win, "2,51 s"));
  EXPECT_TRUE(has(win, "Les threads sous le GIL n'ont pas aidé"));
  EXPECT_FALSE(has(win, "downloads"));
  const std::string lose = render_course(facts(false), Lang::fr, "markdown");
  EXPECT_TRUE(has(lose, "Les threads n'ont pas accéléré les téléchargements ici (0,81x)")) << lose;
  EXPECT_FALSE(has(lose, "même sous le GIL"));
  EXPECT_TRUE(has(lose, "Les processus n'ont pas été rentables ici"));
}

TEST(CourseText, TheTerminalTextIsWrappedAndUnderlined) {
  const std::string text = render_course(facts(true), Lang::fr, "table");
  EXPECT_TRUE(has(text, "1. La machine\n-------------\n")) << text;
  for (const auto& line : testing::lines_of(text)) {
    if (line.starts_with("  ")) continue;  // table rows may be wider
    std::size_t width = 0;
    for (char c : line) width += (c & 0xC0) != 0x80;
    EXPECT_LE(width, 78u) << line;
  }
}

TEST(CourseText, AGilSpeedupIsReportedAsADisturbedRunWithTheCpuShare) {
  CourseFacts f = facts(true);
  f.factorise.sequential = Measured::of(0.040, 0, 0.026);  // 65% of a CPU
  for (auto& row : f.factorise.rows) row.gil = Measured::of(0.022);
  const std::string en = render_course(f, Lang::en, "markdown");
  EXPECT_TRUE(has(en, "which a single global lock should not allow")) << en;
  EXPECT_TRUE(has(en, "only 65% of a CPU"));
  EXPECT_FALSE(has(en, "Threads under the GIL did not help"));
}

TEST(CourseText, MissingCellsSayWhyAndMarkdownIsATableReport) {
  CourseFacts f = facts(true);
  f.download.gil = Measured::missing("connection refused");
  const std::string md = render_course(f, Lang::en, "markdown");
  EXPECT_EQ(md.rfind("# Python 103", 0), 0u) << md;
  EXPECT_TRUE(has(md, "## 2. Waiting: downloading 10 images"));
  EXPECT_TRUE(has(md, "| model | threads | time | speedup | course (Python) |"));
  EXPECT_TRUE(has(md, "|---|---:|---:|---:|---|"));
  EXPECT_TRUE(has(md, "Not measured, threads under the GIL: connection refused."));
  EXPECT_THROW(render_course(f, Lang::en, "csv"), concur::UsageError);
}

// One whole run (the course measures every experiment: the suite's slowest
// test, so once, not once per language). French Markdown exercises the
// --lang and --format flags; both languages' texts are checked from the same
// facts by the CourseText tests above.
TEST(CourseBinary, QuickCourseEndToEnd) {
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  auto fr = testing::run_binary({"course", "--quick", "--lang", "fr", "--format", "markdown"});
  ASSERT_EQ(fr.exit_code, 0) << fr.err << fr.out;
  EXPECT_TRUE(has(fr.out, "## 1. La machine")) << fr.out;
  for (const char* heading : {"\n## 2. ", "\n## 3. ", "\n## 4. ", "\n## 5. ", "\n## Bilan"})
    EXPECT_TRUE(has(fr.out, heading)) << heading;
  EXPECT_TRUE(has(fr.out, "multiprocessing.cpu_count() renverrait " + std::to_string(cpus)));
  EXPECT_FALSE(has(fr.out, "Non mesuré")) << "every experiment runs on this machine\n" << fr.out;

  auto bad = testing::run_binary({"course", "--lang", "de"});
  EXPECT_EQ(bad.exit_code, 2);
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
