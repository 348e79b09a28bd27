// The course as a small document (headings, paragraphs, tables) and its two
// renderings: plain text for the terminal, Markdown to hand in.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/text_layout.hpp"

namespace concur::course {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_align;  // per column; missing means left
};

// A paragraph or a table. (A plain struct, not a std::variant: GCC 12's
// -Wmaybe-uninitialized misfires on variant<string, Table> under TSan.)
struct Block {
  Block(std::string paragraph) : text(std::move(paragraph)) {}     // NOLINT: implicit on purpose
  Block(Table t) : table(std::move(t)), is_table(true) {}          // NOLINT: implicit on purpose
  std::string text;
  Table table;
  bool is_table = false;
};

struct Section {
  std::string title;
  std::vector<Block> blocks;
};

struct Document {
  std::string title;
  std::vector<Block> intro;
  std::vector<Section> sections;
};

// "table" (the terminal: paragraphs wrapped at `width` columns, laid out
// as report/'s table is) or "markdown" (no wrapping).
std::string render_document(const Document& document, std::string_view format,
                            std::size_t width = report::kProseWidth);

}  // namespace concur::course
