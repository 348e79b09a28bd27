// The run report read back from its JSON renders exactly as the run it came
// from: a real run, every format. And what is not one of our files is
// refused, naming the file and the field.
#include <gtest/gtest.h>

#include "concur/report.hpp"
#include "concur/runner.hpp"
#include "core/analysis.hpp"
#include "report/report_reader.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

RunReport read_back_through_json(const RunReport& report) {
  RunReport back = report::parse_run_report(render("json", report), "run.json");
  analyse(back);
  return back;
}

TEST(ReportReader, ARealRunReadBackRendersTheSameInEveryFormat) {
  Plan plan;
  plan.workloads = {"primes"};
  plan.models = {"sequential", "threads", "async"};  // async does not apply to primes: n/a
  plan.workers = {1, 2};
  plan.options.quick = true;
  plan.sampling.fixed_repetitions = 3;
  plan.command_line = "concur-bench math --quick --workloads primes";
  const RunReport run = run_matrix(plan);
  const RunReport back = read_back_through_json(run);
  ASSERT_EQ(back.cells.size(), run.cells.size());
  for (const RenderOptions& options : {RenderOptions{}, RenderOptions{false, 100}, RenderOptions{true, 60}})
    EXPECT_EQ(render("table", back, options), render("table", run, options)) << options.width;
  for (std::string_view format : {"markdown", "csv", "json"})
    EXPECT_EQ(render(format, back), render(format, run)) << format;
  EXPECT_EQ(back.analysis.warnings.size(), run.analysis.warnings.size());
}

TEST(ReportReader, TheFixtureRoundTripsWithItsFailureAndContext) {
  RunReport run = testing::fake_report();
  run.context.spawn_cost = SpawnCost{4, 9, 80e-6, 12e-6};
  run.context.state.cpu_quota = 3.5;
  run.context.state.governor = "powersave";
  run.context.machine.libraries = {{"zeta", "1"}, {"alpha", "2"}};  // order kept
  analyse(run);
  const RunReport back = read_back_through_json(run);
  EXPECT_EQ(render("markdown", back), render("markdown", run));
  EXPECT_EQ(render("json", back), render("json", run));
  EXPECT_EQ(back.context.machine.build_type, "Release");  // as built, not lowercased
  EXPECT_EQ(back.context.spawn_cost->repetitions, 9u);
}

TEST(ReportReader, RefusesOtherFilesNamingWhatIsWrong) {
  auto message = [](std::string_view text) {
    try {
      report::parse_run_report(text, "x.json");
    } catch (const report::ParseError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("{\"context\": ").find("x.json: not valid JSON"), std::string::npos);
  EXPECT_NE(message("[1, 2]").find("expected a JSON object"), std::string::npos);
  EXPECT_NE(message(R"({"context": {"executable": "./bm"}, "benchmarks": []})").find("not a concur-bench result"),
            std::string::npos);
  std::string good = render("json", testing::fake_report());
  EXPECT_EQ(message(good), "accepted");
  std::string bad = good;
  bad.replace(bad.find("\"status\": \"ok\""), 14, "\"status\": \"meh\"");
  EXPECT_NE(message(bad).find("benchmarks[0].status: 'meh'"), std::string::npos) << message(bad);
  bad = good;
  bad.replace(bad.find("\"samples_s\": ["), 14, "\"samples_s\": [-1, ");
  EXPECT_NE(message(bad).find("samples_s: [0]: expected a time"), std::string::npos) << message(bad);
}

}  // namespace
}  // namespace concur
