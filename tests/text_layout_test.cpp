// The layout shared by the result table and the course: UTF-8 widths,
// wrapping, Markdown cells; and the course's prose wrapped at a given width.
#include <gtest/gtest.h>

#include "report/text_layout.hpp"
#include "run_binary.hpp"

namespace concur::report {
namespace {

std::vector<std::string> wrapped_lines(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

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

// Prose under the table: a hanging indent, nothing changed when it fits,
// words never split (a URL keeps its line), no wrapping without a width.
TEST(TextLayout, WrapHangingIndentsContinuedLinesAndKeepsWhatFits) {
  EXPECT_EQ(wrap_hanging("pool  applies to pi only (x)", 40, "  ", 8), "  pool  applies to pi only (x)\n");
  EXPECT_EQ(wrap_hanging("one two three four five", 12, "! ", 2), "! one two\n  three four\n  five\n");
  for (const std::string& line : wrapped_lines(wrap_hanging(std::string(30, 'w') + " a b c d e f g h", 20, "[1] ", 4)))
    EXPECT_TRUE(line.size() <= 20 || line.find(' ', 4) == std::string::npos) << line;
  const std::string url = "https://example.org/a/very/long/path/that/cannot/break";
  EXPECT_EQ(wrap_hanging("see " + url + " now", 20, "  -> ", 5), "  -> see\n     " + url + "\n     now\n");
  const std::string long_text(300, 'x');
  EXPECT_EQ(wrap_hanging(long_text + " y", 0, "! ", 2), "! " + long_text + " y\n");
  EXPECT_EQ(wrap_hanging("a\nb", 10, "- ", 2), "- a\n  b\n");
  // Widths are counted as the terminal shows them: "±" is one column.
  EXPECT_EQ(wrap_hanging("±1 ±2 ±3", 6), "±1 ±2\n±3\n");
}

}  // namespace
}  // namespace concur::report
