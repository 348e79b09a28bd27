// The course as a small document (headings, paragraphs, tables) and its two
// renderings: plain text for the terminal, Markdown to hand in.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace concur::course {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_align;  // per column; missing means left
};

using Block = std::variant<std::string, Table>;  // a paragraph or a table

struct Section {
  std::string title;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::vector<Block> intro;
  std::vector<Section> sections;
};

// "table" (the terminal, paragraphs wrapped at 78 columns) or "markdown".
std::string render_document(const Document& document, std::string_view format);

}  // namespace concur::course
