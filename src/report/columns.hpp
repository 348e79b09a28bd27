// The one list of result columns: every renderer reads it, so a column is
// added (or renamed) in one place for the table, CSV, Markdown and JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "concur/result.hpp"

namespace concur::report {

struct Column {
  std::string_view key;    // machine name: CSV header, JSON key
  std::string_view title;  // human header: table, Markdown
  bool in_table;           // shown in the human table (CSV has all)
  bool right_align;
  std::string (*human)(const CellResult&);    // "412.3 ms", "1.93x"
  std::string (*machine)(const CellResult&);  // "0.4123", "1.93", "" if none
};

const std::vector<Column>& columns();

// Human formats shared by renderers.
std::string format_duration(double seconds);  // "412.3 ms"
std::string format_rate(double per_second, std::string_view unit);  // "7.3 M numbers/s"

}  // namespace concur::report
