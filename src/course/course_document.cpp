#include "course/course_document.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "report/text_layout.hpp"

namespace concur::course {
namespace {

using report::display_width;
using report::pad;

std::string text_table(const Table& t) {
  std::vector<std::size_t> widths;
  for (const auto& h : t.header) widths.push_back(display_width(h));
  for (const auto& row : t.rows)
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
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

std::string markdown_table(const Table& t) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const auto& c : cells) out += " " + report::markdown_cell(c) + " |";
    return out + '\n';
  };
  std::string out = line(t.header) + "|";
  for (std::size_t i = 0; i < t.header.size(); ++i)
    out += i < t.right_align.size() && t.right_align[i] ? "---:|" : "---|";
  out += '\n';
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::string blocks(const std::vector<Block>& content, bool markdown, std::size_t width) {
  std::string out;
  for (const auto& block : content) {
    if (block.is_table)
      out += (markdown ? markdown_table(block.table) : text_table(block.table)) + '\n';
    else
      out += (markdown ? block.text + '\n' : report::wrap(block.text, width)) + '\n';
  }
  return out;
}

// A heading wrapped like the prose, underlined as wide as its widest line.
std::string underlined(const std::string& title, char rule, std::size_t width) {
  const std::string lines = report::wrap(title, width);
  std::size_t widest = 0;
  for (std::size_t start = 0, end; start < lines.size(); start = end + 1) {
    end = lines.find('\n', start);
    widest = std::max(widest, display_width(std::string_view(lines).substr(start, end - start)));
  }
  return lines + std::string(widest, rule) + "\n\n";
}

}  // namespace

std::string render_document(const Document& d, std::string_view format, std::size_t width) {
  const bool markdown = format == "markdown";
  if (!markdown && format != "table")
    throw UsageError(fmt::format("--format '{}': the course is written as table or markdown", format));
  std::string out = markdown ? "# " + d.title + "\n\n" : underlined(d.title, '=', width);
  out += blocks(d.intro, markdown, width);
  for (const auto& s : d.sections) {
    out += markdown ? "## " + s.title + "\n\n" : underlined(s.title, '-', width);
    out += blocks(s.blocks, markdown, width);
  }
  while (out.size() > 1 && out[out.size() - 2] == '\n') out.pop_back();
  return out;
}

}  // namespace concur::course
