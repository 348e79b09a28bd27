#include "course/course_document.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "concur/errors.hpp"

namespace concur::course {
namespace {

constexpr std::size_t kWidth = 78;

// Display width of UTF-8 text: code points, not bytes ("é", "×").
std::size_t width_of(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string pad(const std::string& text, std::size_t width, bool right) {
  std::string fill(width - std::min(width, width_of(text)), ' ');
  return right ? fill + text : text + fill;
}

std::string wrap(const std::string& paragraph) {
  std::string out, line;
  std::size_t start = 0;
  while (start < paragraph.size()) {
    auto end = paragraph.find(' ', start);
    if (end == std::string::npos) end = paragraph.size();
    std::string word = paragraph.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && width_of(line) + 1 + width_of(word) > kWidth) {
      out += line + '\n';
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  return out + line + '\n';
}

std::string text_table(const Table& t) {
  std::vector<std::size_t> widths;
  for (const auto& h : t.header) widths.push_back(width_of(h));
  for (const auto& row : t.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], width_of(row[i]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = " ";
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const bool right = i < t.right_align.size() && t.right_align[i];
      out += "  " + pad(i < cells.size() ? cells[i] : "", widths[i], right);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + '\n';
  };
  std::string out = line(t.header);
  std::vector<std::string> rule;
  for (auto w : widths) rule.push_back(std::string(w, '-'));
  out += line(rule);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string markdown_table(const Table& t) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + markdown_cell(c) + " |";
    return out + '\n';
  };
  std::string out = line(t.header) + "|";
  for (std::size_t i = 0; i < t.header.size(); ++i)
    out += i < t.right_align.size() && t.right_align[i] ? "---:|" : "---|";
  out += '\n';
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string blocks(const std::vector<Block>& content, bool markdown) {
  std::string out;
  for (const auto& block : content) {
    if (block.is_table)
      out += (markdown ? markdown_table(block.table) : text_table(block.table)) + '\n';
    else
      out += (markdown ? block.text + '\n' : wrap(block.text)) + '\n';
  }
  return out;
}

}  // namespace

std::string render_document(const Document& d, std::string_view format) {
  const bool markdown = format == "markdown";
  if (!markdown && format != "table")
    throw UsageError(fmt::format("--format '{}': the course is written as table or markdown", format));
  std::string out = markdown ? "# " + d.title + "\n\n"
                             : d.title + '\n' + std::string(width_of(d.title), '=') + "\n\n";
  out += blocks(d.intro, markdown);
  for (const auto& s : d.sections) {
    out += markdown ? "## " + s.title + "\n\n"
                    : s.title + '\n' + std::string(width_of(s.title), '-') + "\n\n";
    out += blocks(s.blocks, markdown);
  }
  while (out.size() > 1 && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace concur::course
