// Laying text out in columns, shared by the result table and the course:
// widths as the terminal shows them (UTF-8 code points, not bytes: "±",
// "×", "é"), padding, paragraph wrapping, and Markdown table cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace concur::report {

// Paragraphs wrap at the terminal's width up to this; a pipe or a file gets it.
inline constexpr std::size_t kProseWidth = 78;

std::size_t display_width(std::string_view text);
std::string pad(const std::string& text, std::size_t width, bool right);
// Words joined into lines of at most `width` columns (a longer word keeps its
// own line), each line ending in '\n'.
std::string wrap(std::string_view paragraph, std::size_t width);
// A Markdown table cell: pipes escaped and line breaks joined, so the cell
// can neither end its row early nor break it.
std::string markdown_cell(std::string_view text);

}  // namespace concur::report
