// Markdown: a GitHub table with the table's columns, pipes escaped.
#include <gtest/gtest.h>

#include "concur/report.hpp"
#include "report/columns.hpp"
#include "report_fixture.hpp"
#include "core/analysis.hpp"
#include "run_binary.hpp"

namespace concur {
namespace {

TEST(ReportMarkdown, HeaderAlignmentAndOneRowPerCell) {
  const RunReport report = testing::fake_report();
  auto lines = testing::lines_of(render("markdown", report));
  // The results table follows the context block (markdown_context.cpp).
  const auto table = std::find_if(lines.begin(), lines.end(),
                                  [](const std::string& l) { return l.starts_with("| workload "); });
  ASSERT_NE(table, lines.end());
  lines.erase(lines.begin(), table);
  ASSERT_GE(lines.size(), 2 + report.cells.size());
  std::size_t shown = 0;
  for (const auto& c : report::columns()) shown += c.in_table;
  EXPECT_EQ(lines[0].rfind("| workload | model | workers |", 0), 0u) << lines[0];
  EXPECT_EQ(std::count(lines[1].begin(), lines[1].end(), '|'), static_cast<long>(shown + 1));
  EXPECT_NE(lines[1].find("---:"), std::string::npos);  // numbers right-aligned
  for (std::size_t i = 0; i < report.cells.size(); ++i) {
    const std::string& row = lines[2 + i];
    EXPECT_EQ(row.front(), '|');
    EXPECT_EQ(row.back(), '|');
  }
  // The reason's pipe must not split the row: escaped, and kept as a note.
  const std::string& failed_row = lines[2 + report.cells.size() - 1];
  EXPECT_NE(failed_row.find("FAILED [1]"), std::string::npos) << failed_row;
  const std::string all = render("markdown", report);
  EXPECT_NE(all.find("1. not verified: count 41 \\| expected 42"), std::string::npos) << all;
}

TEST(ReportMarkdown, ImpreciseCellsGetAMarkerAndTheWarningsAList) {
  RunReport report = testing::fake_report();
  report.cells[1] = testing::fake_cell("threads", 1, {1.0, 1.3, 0.7});
  analyse(report);
  const std::string md = render("markdown", report);
  EXPECT_NE(md.find("% ! |"), std::string::npos) << md;
  EXPECT_NE(md.find("**Warnings**"), std::string::npos) << md;
  EXPECT_NE(md.find("- 1 cell did not reach ±2% on the median (primes/threads/workers:1)"),
            std::string::npos) << md;
  EXPECT_NE(md.find("--max-time"), std::string::npos);
}

}  // namespace
}  // namespace concur
