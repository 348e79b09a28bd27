// A workload's own figures (pipeline latency) reach every renderer: a footer
// in the table and Markdown, full precision per cell in JSON; reports
// without figures have no footer.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "concur/report.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

RunReport report_with_latency() {
  RunReport r = testing::fake_report();
  r.cells[1].figures = {{"latency_p50", "s", 180e-6}, {"latency_p99", "s", 0.0082}};
  return r;
}

TEST(ReportFigures, TableAndMarkdownListThemBelowTheRows) {
  for (const char* format : {"table", "markdown"}) {
    const std::string out = render(format, report_with_latency());
    EXPECT_NE(out.find("primes threads 1: latency_p50 180.0 µs latency_p99 8.2 ms"), std::string::npos)
        << format << ":\n" << out;
    EXPECT_EQ(render(format, testing::fake_report()).find("Workload figures"), std::string::npos) << format;
  }
}

TEST(ReportFigures, JsonCarriesThemAtFullPrecision) {
  const auto doc = nlohmann::json::parse(render("json", report_with_latency()));
  bool seen = false;
  for (const auto& b : doc["benchmarks"]) {
    if (!b.contains("figures")) continue;
    seen = true;
    EXPECT_DOUBLE_EQ(b["figures"]["latency_p99"]["median"].get<double>(), 0.0082);
    EXPECT_EQ(b["figures"]["latency_p99"]["unit"], "s");
  }
  EXPECT_TRUE(seen);
}

}  // namespace
}  // namespace concur
