// Text that reaches a machine-read format as data: CSV fields (RFC 4180
// quoting), SVG text and attributes (XML escaping), and the warning names
// JSON and CSV readers key on.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "concur/report.hpp"
#include "report/scaling.hpp"
#include "report/text_layout.hpp"
#include "report_fixture.hpp"

namespace concur {
namespace {

TEST(ReportCsv, AFieldWithACommaQuoteOrNewlineIsQuotedWithQuotesDoubled) {
  RunReport report = testing::fake_report();
  CellResult& failed = report.cells.back();
  ASSERT_EQ(failed.status, CellStatus::failed);
  failed.reason = "worker 2 said \"no\", then\nexited";
  const std::string csv = render("csv", report);
  EXPECT_NE(csv.find(",\"worker 2 said \"\"no\"\", then\nexited\""), std::string::npos) << csv;
  // A plain field is left as it is.
  EXPECT_NE(csv.find("\nprimes,threads,2,"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\"primes\""), std::string::npos) << csv;
}

TEST(ReportSvgText, NamesAreEscapedForXml) {
  RunReport report = testing::fake_report();
  for (CellResult& cell : report.cells) cell.workload = "a<b & \"c\"";
  analyse(report);
  const std::string svg = report::render_speedup_svg(report.analysis.scaling);
  EXPECT_NE(svg.find("data-workload=\"a&lt;b &amp; &quot;c&quot;\""), std::string::npos) << svg;
  EXPECT_EQ(svg.find("a<b"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("& \""), std::string::npos) << svg;
}

TEST(ReportMarkdownText, InlineCodeOutlastsTheBackticksInside) {
  EXPECT_EQ(report::markdown_code("plain"), "`plain`");
  EXPECT_EQ(report::markdown_code("a`b"), "``a`b``");
  EXPECT_EQ(report::markdown_code("x``y`z"), "```x``y`z```");
  EXPECT_EQ(report::markdown_code("`edge"), "`` `edge ``");
  EXPECT_EQ(report::markdown_code("two\nlines"), "`two lines`");
}

// A command line with a backtick, a pipe and a newline (a hostile --url)
// stays one row of the context table and one code span.
TEST(ReportMarkdownText, TheCommandLineCannotBreakTheContextTable) {
  RunReport report = testing::fake_report();
  report.context.command_line = "concur-bench download --url 'http://h/a`b|c\nd'";
  analyse(report);
  const std::string md = render("markdown", report);
  EXPECT_NE(md.find("| command line | ``concur-bench download --url 'http://h/a`b\\|c d'`` |\n"), std::string::npos)
      << md;
}

TEST(ReportTerminalText, ControlCharactersFromOutsideAreShownEscaped) {
  EXPECT_EQ(report::printable("a\033]0;title\007b\r\n\x7f"), "a\\x1B]0;title\\x07b\\x0D\\x0A\\x7F");
  EXPECT_EQ(report::printable("plain, ünïcode | `ok`"), "plain, ünïcode | `ok`");
}

TEST(Warnings, EveryKindHasItsOwnName) {
  std::set<std::string> names;
  const auto last = static_cast<int>(WarningKind::interrupted);
  for (int k = 0; k <= last; ++k) {
    const std::string name = to_string(static_cast<WarningKind>(k));
    EXPECT_NE(name, "?") << "warning kind " << k << " has no name";
    EXPECT_TRUE(names.insert(name).second) << name << " names two kinds";
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(last + 1));
}

}  // namespace
}  // namespace concur
