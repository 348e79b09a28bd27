#include "report/text_layout.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace concur::report {

std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  std::string fill(width - std::min(width, display_width(text)), ' ');
  return right ? fill + text : text + fill;
}

std::string wrap(std::string_view paragraph, std::size_t width) {
  std::string out, line;
  std::size_t start = 0;
  while (start < paragraph.size()) {
    auto end = paragraph.find(' ', start);
    if (end == std::string_view::npos) end = paragraph.size();
    const std::string_view word = paragraph.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
      out += line + '\n';
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
  }
  return out + line + '\n';
}

namespace {

// One line of a paragraph, broken at runs of spaces (dropped at a break,
// kept inside a line) so text that fits comes back as it was.
void wrap_line(std::string_view text, std::size_t width, std::string line, const std::string& indent,
               std::string& out) {
  bool has_word = false;  // the line holds more than its prefix
  bool broken = false;    // the line began at a break: the gap before its first word goes
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t word_start = text.find_first_not_of(' ', at);
    if (word_start == std::string_view::npos) break;
    const std::string_view gap = text.substr(at, word_start - at);
    std::size_t word_end = text.find(' ', word_start);
    if (word_end == std::string_view::npos) word_end = text.size();
    const std::string_view word = text.substr(word_start, word_end - word_start);
    at = word_end;
    if (has_word && display_width(line) + display_width(gap) + display_width(word) > width) {
      out += line + '\n';
      line = indent;
      has_word = false;
      broken = true;
    }
    if (has_word || !broken) line += gap;  // leading spaces of the text itself are kept
    line += word;
    has_word = true;
  }
  out += line + '\n';
}

}  // namespace

std::string wrap_hanging(std::string_view text, std::size_t width, std::string_view first, std::size_t hanging) {
  const std::string indent(hanging, ' ');
  std::string out;
  std::string prefix(first);
  for (std::size_t start = 0;;) {
    std::size_t end = text.find('\n', start);
    const std::string_view paragraph = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (width == 0 || display_width(prefix) + display_width(paragraph) <= width)
      out += prefix + std::string(paragraph) + '\n';
    else
      wrap_line(paragraph, width, prefix, indent, out);
    if (end == std::string_view::npos) return out;
    start = end + 1;
    prefix = indent;
  }
}

namespace {

// Greedy: as many columns as fit in each block, at most `most` per block.
std::vector<std::vector<std::size_t>> fill_blocks(std::size_t first, const std::vector<std::size_t>& widths,
                                                  std::size_t gap, std::size_t width, std::size_t most) {
  std::vector<std::vector<std::size_t>> blocks;
  std::size_t used = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::size_t need = gap + widths[i];
    if (blocks.empty() || blocks.back().size() >= most || used + need > width) {
      blocks.emplace_back();
      used = first;
    }
    blocks.back().push_back(i);
    used += need;
  }
  return blocks;
}

}  // namespace

std::vector<std::vector<std::size_t>> column_blocks(std::size_t first,
                                                    const std::vector<std::size_t>& widths,
                                                    std::size_t gap, std::size_t width) {
  auto blocks = fill_blocks(first, widths, gap, width, widths.size());
  if (blocks.size() < 2) return blocks;
  const std::size_t even = (widths.size() + blocks.size() - 1) / blocks.size();
  auto evened = fill_blocks(first, widths, gap, width, even);
  return evened.size() == blocks.size() ? evened : blocks;
}

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string flat(text);
  std::replace(flat.begin(), flat.end(), '\n', ' ');
  std::replace(flat.begin(), flat.end(), '\r', ' ');
  std::size_t longest = 0;
  for (std::size_t run = 0, i = 0; i < flat.size(); ++i) {
    run = flat[i] == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !flat.empty() && (flat.front() == '`' || flat.back() == '`');
  return fence + (pad ? " " : "") + flat + (pad ? " " : "") + fence;
}

}  // namespace concur::report
