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

// The summary grid's blocks: as few as fit, then evened out; a column too
// wide for the room still gets one of its own.
TEST(TextLayout, ColumnBlocksFewestThenEven) {
  using Blocks = std::vector<std::vector<std::size_t>>;
  const std::vector<std::size_t> eleven(11, 10);  // 12 with the gap: 5 beside a first column of 10 in 70
  EXPECT_EQ(column_blocks(10, eleven, 2, 70),
            (Blocks{{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10}}));  // not 5, 5, 1
  EXPECT_EQ(column_blocks(10, eleven, 2, 200).size(), 1u);
  EXPECT_EQ(column_blocks(10, {5, 90, 5}, 2, 40), (Blocks{{0}, {1}, {2}}));
  EXPECT_TRUE(column_blocks(10, {}, 2, 40).empty());
}

TEST(TextLayout, MarkdownCellsCannotBreakTheirRow) {
  EXPECT_EQ(markdown_cell("a|b\nc\rd"), "a\\|b c d");
}

}  // namespace
}  // namespace concur::report
