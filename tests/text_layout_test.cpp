// The layout shared by the result table and the course: UTF-8 widths,
// wrapping, Markdown cells; and the course's prose wrapped at a given width.
#include <gtest/gtest.h>

#include "report/text_layout.hpp"
#include "run_binary.hpp"

namespace concur::report {
namespace {

TEST(TextLayout, WidthsCountWhatTheTerminalShows) {
  EXPECT_EQ(display_width("1.94x ±0.14"), 11u);
  EXPECT_EQ(display_width("×9,81 µs é"), 10u);
  EXPECT_EQ(pad("±1", 4, true), "  ±1");
  EXPECT_EQ(pad("é", 3, false), "é  ");
  EXPECT_EQ(pad("toolong", 3, false), "toolong");
}

TEST(TextLayout, WrapKeepsLinesWithinTheWidthAndEveryWord) {
  const std::string text = "Threads share one process's memory; processes copy it, page by page, on write.";
  for (std::size_t width : {20u, 33u, 78u}) {
    const std::string wrapped = wrap(text, width);
    std::string rejoined;
    for (const std::string& line : testing::lines_of(wrapped)) {
      EXPECT_LE(display_width(line), width) << line;
      rejoined += (rejoined.empty() ? "" : " ") + line;
    }
    EXPECT_EQ(rejoined, text);
  }
  EXPECT_EQ(wrap("a supercalifragilistic word", 5), "a\nsupercalifragilistic\nword\n");  // a long word keeps its line
  EXPECT_EQ(wrap("été à ×9,81", 9), "été à\n×9,81\n");  // code points, not bytes
}

TEST(TextLayout, MarkdownCellsCannotBreakTheirRow) {
  EXPECT_EQ(markdown_cell("a|b\nc\rd"), "a\\|b c d");
}

}  // namespace
}  // namespace concur::report
