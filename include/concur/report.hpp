// Renderers: pure functions from the results model to text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "concur/result.hpp"

namespace concur {

struct RenderOptions {
  bool color = false;  // ANSI colour and bars (terminal, no NO_COLOR)
  std::size_t width = 0;  // terminal columns to fit; 0: unknown, no limit
};

// Renders `report` in `format` ("table", "csv", ...). Throws UsageError for
// an unknown format.
std::string render(std::string_view format, const RunReport& report,
                   const RenderOptions& options = {});
std::vector<std::string_view> format_names();

}  // namespace concur
