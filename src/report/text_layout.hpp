// Laying text out in columns, shared by the result table and the course:
// widths as the terminal shows them (UTF-8 code points, not bytes: "±",
// "×", "é"), padding, paragraph wrapping, and Markdown table cells.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/redact.hpp"

namespace concur::report {

// Paragraphs wrap at the terminal's width up to this; a pipe or a file gets it.
inline constexpr std::size_t kProseWidth = 78;

std::size_t display_width(std::string_view text);
std::string pad(const std::string& text, std::size_t width, bool right);
// Words joined into lines of at most `width` columns (a longer word keeps its
// own line), each line ending in '\n'.
std::string wrap(std::string_view paragraph, std::size_t width);
// Prose under a table (a warning, a note, a "not shown" line): `first` (a
// bullet such as "! " or "[2] ") then `text`, broken between words into
// lines of at most `width` columns, each continued line indented by
// `hanging` spaces; every line ends in '\n', a '\n' in `text` starts a new
// indented line. Text that fits is returned as it was, runs of spaces
// included. A word wider than the room (a URL, a path) is never split: it
// gets a line of its own. `width` 0 (a pipe, a file): no wrapping.
// Every prose printer of the report and the commands goes through it.
std::string wrap_hanging(std::string_view text, std::size_t width, std::string_view first = "",
                         std::size_t hanging = 0);
// Columns of these widths (each after a gap of `gap`), placed beside a first
// column of width `first` that every block repeats, split into as few
// blocks as keep each within `width`, then evened out (11 columns by at
// most 5: 4, 4, 3 rather than 5, 5, 1). Each block lists column indices in
// order; a column wider than the room still gets a block of its own.
std::vector<std::vector<std::size_t>> column_blocks(std::size_t first,
                                                    const std::vector<std::size_t>& widths,
                                                    std::size_t gap, std::size_t width);
// A Markdown table cell: pipes escaped and line breaks joined, so the cell
// can neither end its row early nor break it.
std::string markdown_cell(std::string_view text);
// `text` as inline code that its own backticks cannot end: a fence one
// backtick longer than its longest run, spaced where it starts or ends with
// one. Newlines become spaces; inside a table, escape '|' with markdown_cell.
std::string markdown_code(std::string_view text);
// Text from outside (a result file's names and reasons) made safe for a
// terminal: core/redact.hpp's, one rule for names, reasons and URLs.
using concur::printable;

}  // namespace concur::report
