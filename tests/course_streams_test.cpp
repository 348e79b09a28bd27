// `course`, sections 3d (the cost of sharing, from the contention workloads)
// and 4b (the reactive data centre, from the pipeline workload): recorded
// measurements of a quiet and of a disturbed machine through the real
// renderer, in both languages; then both plans for real through the runner.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "concur/registry.hpp"
#include "course/course_plan_sections.hpp"
#include "course/course_text.hpp"
#include "course_fixture.hpp"

namespace concur::course {
namespace {

using testing::cell;
using testing::has;

// 2,000,000 increments on a quiet 2-CPU machine: sharing one counter makes
// two threads slower than one; a counter each makes them faster.
SharingFacts quiet_sharing() {
  SharingFacts f;
  f.increments = 2'000'000;
  f.workers = 2;
  f.rows = {{"contention_mutex", cell({0.041, 0.040, 0.042, 0.041, 0.040}, 0.041, 1),
             cell({0.118, 0.121, 0.115, 0.119, 0.120}, 0.150, 1)},
            {"contention_atomic", cell({0.0102, 0.0101, 0.0103, 0.0102, 0.0101}, 0.0102, 1),
             cell({0.031, 0.030, 0.032, 0.031, 0.030}, 0.060, 2)},
            {"contention_local", cell({0.0051, 0.0050, 0.0052, 0.0051, 0.0050}, 0.0051, 1),
             cell({0.0027, 0.0026, 0.0028, 0.0027, 0.0026}, 0.0052, 2)}};
  f.disturbance = {0.3, 2, {}};
  return f;
}

// While others compile: the single thread got half a CPU.
SharingFacts disturbed_sharing() {
  SharingFacts f = quiet_sharing();
  f.disturbance = {8.7, 2, {}};
  f.rows[0].alone = cell({0.081, 0.062, 0.095, 0.070, 0.088}, 0.040, 1);
  f.rows[0].shared = cell({0.150, 0.098, 0.240, 0.121, 0.133}, 0.150, 1);
  f.rows[2].shared = cell({0.0061, 0.0032, 0.0090, 0.0027, 0.0048}, 0.0052, 2);
  return f;
}

// 299,776 readings (whole cycles of 256 sensors): the loop wins, the stage
// forms pay for every hand-over in throughput and latency.
ReactiveFacts quiet_reactive() {
  ReactiveFacts f;
  f.readings = 299'776;
  f.rows = {{"sequential", cell({0.052, 0.051, 0.053, 0.052, 0.051}, 0.052, 1), 2.1e-6, 8.5e-6},
            {"threads", cell({0.071, 0.069, 0.073, 0.070, 0.072}, 0.20, 1), 4.2e-4, 3.1e-3},
            {"processes", cell({0.160, 0.155, 0.162, 0.158, 0.161}, 0.35, 1), 1.1e-3, 6.2e-3}};
  f.disturbance = {0.2, 2, {}};
  return f;
}

ReactiveFacts disturbed_reactive() {
  ReactiveFacts f = quiet_reactive();
  f.disturbance = {8.7, 2, {}};
  f.rows[0].cell = cell({0.090, 0.150, 0.070, 0.120, 0.100}, 0.052, 1);  // 52% of a CPU
  return f;
}

CourseFacts with(SharingFacts sharing, ReactiveFacts reactive) {
  CourseFacts f;
  f.machine = {2, 2, 2, "Test CPU"};
  f.races = {2, 1'000'000, 1'391'207, 2'000'000, cell({0.011, 0.012, 0.011}, 0, 0),
             cell({0.090, 0.094, 0.091}, 0, 0)};
  f.sharing = std::move(sharing);
  f.reactive = std::move(reactive);
  return f;
}

std::string section_of(const std::string& text, std::string_view heading) {
  const auto at = text.find(heading);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find("\n## ", at + 1) - at);
}

TEST(CourseSharing, AQuietRunShowsWhatSharingCosts) {
  const std::string en = section_of(render_course(with(quiet_sharing(), quiet_reactive()), Lang::en, "markdown"),
                                    "## 3d.");
  EXPECT_TRUE(has(en, "| shared state | 1 thread | 2 threads | speedup [95% interval] | verdict |")) << en;
  EXPECT_TRUE(has(en, "| one counter under a mutex | 41.0 ms | 0.119 s | 0.34x")) << en;
  EXPECT_TRUE(has(en, "| slower |"));
  EXPECT_TRUE(has(en, "add 2,000,000 to a counter in all, shared out among 2 free threads"));
  EXPECT_TRUE(has(en, "Against one thread alone: one counter under a mutex, 2.90x slower; one atomic counter "
                      "(fetch_add), 3.04x slower; a counter per thread, summed at the end, 1.89x"))
      << en;
  EXPECT_TRUE(has(en, "With the same 2 threads, a counter each was 44.1x"));
  EXPECT_TRUE(has(en, "The cheapest lock is the one not taken"));
  EXPECT_FALSE(has(en, "The machine was busy"));
  // The table comes before the GIL's hand-over, after the race.
  EXPECT_LT(en.find("updates were lost"), en.find("What sharing costs"));
  EXPECT_LT(en.find("What sharing costs"), en.find("The GIL does not make"));
}

TEST(CourseSharing, ADisturbedRunCannotTellAndGivesNoCause) {
  const std::string en = render_course(with(disturbed_sharing(), quiet_reactive()), Lang::en, "markdown");
  const std::string s = section_of(en, "## 3d.");
  EXPECT_TRUE(has(s, "The machine was busy while this section ran (load average 8.7 on 2 CPUs)")) << s;
  EXPECT_TRUE(has(s, "Against one thread alone: one counter under a mutex, cannot tell (a computing cell got "
                     "only 49% of the CPUs it needed"))
      << s;
  EXPECT_FALSE(has(s, "The cheapest lock")) << "no cause given for what noise could explain";
  EXPECT_TRUE(has(en, "Sharing a counter (section 3d, 2 threads): a counter each against one under a mutex, "))
      << en;
  EXPECT_TRUE(has(en, "The machine was busy meanwhile."));
}

TEST(CourseReactive, AQuietRunQuotesThroughputLatencyAndVerdicts) {
  const std::string all = render_course(with(quiet_sharing(), quiet_reactive()), Lang::en, "markdown");
  const std::string en = section_of(all, "## 4b.");
  EXPECT_TRUE(has(en, "## 4b. Reactive: the data centre's thermometers")) << all;
  EXPECT_TRUE(has(en, "Here 256 thermometers in 32 zones send 299,776 readings as text"));
  EXPECT_TRUE(has(en, "raise an alert when it goes over 27 °C (again only once it has come back under 26 °C)"));
  EXPECT_TRUE(has(en, "| one loop | 52.0 ms | 5,764,923 | 2.1 µs | 8.5 µs |  |  |")) << en;
  EXPECT_TRUE(has(en, "handled 5,764,923 readings a second; an alert came 2.1 µs after the reading that raised it "
                      "(median; 99% within 8.5 µs)"));
  EXPECT_TRUE(has(en, "With a thread per stage, queues between, 4,222,197 readings a second: 1.37x slower than the "
                      "loop; an alert came 420 µs after its reading (median; the loop: 2.1 µs)."))
      << en;
  EXPECT_TRUE(has(en, "With a process per stage, pipes between, 1,873,600 readings a second: 3.08x slower"));
  EXPECT_TRUE(has(en, "an observer per condition"));
  EXPECT_TRUE(has(en, "| a process per stage | 0.160 s | 1,873,600 | 1.1 ms | 6.2 ms | 0.32x"));
  ReactiveFacts fast = quiet_reactive();
  fast.rows[0].latency_p50 = 4.5e-7;  // one loop: below a microsecond, not "0 µs"
  EXPECT_TRUE(has(reactive_section_text(fast, Words(Lang::en)).blocks[2].text, "an alert came 0.45 µs after"));
  EXPECT_TRUE(has(all, "Streaming readings (section 4b): no model beat sequential here (a thread per stage 0.73x "
                       "(slower), a process per stage 0.32x (slower))."))
      << all;
}

TEST(CourseReactive, ADisturbedRunSaysSo) {
  const std::string all = render_course(with(quiet_sharing(), disturbed_reactive()), Lang::en, "markdown");
  const std::string en = section_of(all, "## 4b.");
  EXPECT_TRUE(has(en, "The machine was busy while this section ran")) << en;
  EXPECT_TRUE(has(en, "this run cannot tell it from the loop (a computing cell got only 52% of the CPUs it needed"))
      << en;
  EXPECT_TRUE(has(all, "Streaming readings (section 4b): no model was shown faster than sequential here"));
}

TEST(CourseStreamsFrench, SameVerdictsFrenchTypographyNoEnglish) {
  for (const CourseFacts& facts : {with(quiet_sharing(), quiet_reactive()), with(disturbed_sharing(), disturbed_reactive())}) {
    const std::string fr = render_course(facts, Lang::fr, "markdown");
    const std::string sharing = section_of(fr, "## 3 quater.");
    const std::string reactive = section_of(fr, "## 4 bis.");
    ASSERT_FALSE(sharing.empty()) << fr;
    ASSERT_FALSE(reactive.empty()) << fr;
    for (const std::string& part : {sharing, reactive, section_of(fr, "## Bilan")})
      for (const char* english : {"downloads", "workers", "threads", "(tie)", "speedup", "cannot tell", "found",
                                  "readings", "pipeline", "latency", "slower", "faster", "loop"})
        EXPECT_FALSE(has(part, english)) << english << "\n" << part;
    EXPECT_FALSE(has(fr, " :")) << "a breakable space before a colon";
    EXPECT_FALSE(has(fr, " ;"));
    EXPECT_TRUE(has(reactive, "dépasse 27\u00a0°C"));
    EXPECT_TRUE(has(reactive, "299\u202f776 relevés"));
  }
  const std::string q = render_course(with(quiet_sharing(), quiet_reactive()), Lang::fr, "markdown");
  EXPECT_TRUE(has(q, "| un compteur sous un mutex | 41,0\u00a0ms | 0,119\u00a0s | ×0,34")) << q;
  EXPECT_TRUE(has(q, "Face à un seul fil\u00a0: un compteur sous un mutex, ×2,90 plus lent\u202f; un compteur atomique"));
  EXPECT_TRUE(has(q, "Avec un fil par étape, reliés par des files, 4\u202f222\u202f197 relevés par seconde\u00a0: "
                     "×1,37 plus lent que la boucle"));
  const std::string d = render_course(with(disturbed_sharing(), disturbed_reactive()), Lang::fr, "markdown");
  EXPECT_TRUE(has(d, "ce passage ne permet pas de le départager de la boucle (une mesure de calcul n'a eu "
                     "que 52\u00a0% des processeurs"))
      << d;
}

// Both plans for real, small: every cell verified, the figures came back.
TEST(CourseStreamsRun, TheRunnerMeasuresSharingAndTheStream) {
  for (const char* needed : {"contention_mutex", "contention_atomic", "contention_local", "pipeline"})
    if (!find_workload(needed)) GTEST_SKIP() << "no '" << needed << "' workload in this build";
  CourseSettings settings;
  settings.quick = true;
  Sections sections(settings);
  const SharingFacts sharing = sharing_section(sections, true, 2);
  const ReactiveFacts reactive = reactive_section(sections, true);
  ASSERT_FALSE(sections.any_failed());
  ASSERT_EQ(sharing.rows.size(), 3u);
  EXPECT_EQ(sharing.workers, 2u);
  for (const auto& row : sharing.rows) {
    EXPECT_TRUE(row.alone.ok()) << row.workload << ": " << row.alone.reason;
    EXPECT_TRUE(row.shared.ok()) << row.workload << ": " << row.shared.reason;
    EXPECT_EQ(row.shared.samples.size(), 3u);
  }
  ASSERT_EQ(reactive.rows.size(), 3u);
  EXPECT_GT(reactive.readings, 0u);
  EXPECT_EQ(reactive.readings % 256, 0u);
  for (const auto& row : reactive.rows) {
    EXPECT_TRUE(row.cell.ok()) << row.model << ": " << row.cell.reason;
    ASSERT_TRUE(row.latency_p50.has_value()) << row.model;
    EXPECT_LE(*row.latency_p50, *row.latency_p99);
  }
  const std::string text = render_course(with(sharing, reactive), Lang::en, "table");
  EXPECT_TRUE(has(text, "4b. Reactive")) << text;
}

}  // namespace
}  // namespace concur::course
