#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/report.hpp"

namespace concur {

#define CONCUR_FORMAT(id) std::string render_##id(const RunReport&, const RenderOptions&);
#include "report/formats.def"
#undef CONCUR_FORMAT

namespace {
struct Format {
  std::string_view name;
  std::string (*render)(const RunReport&, const RenderOptions&);
};
constexpr Format kFormats[] = {
#define CONCUR_FORMAT(id) {#id, &render_##id},
#include "report/formats.def"
#undef CONCUR_FORMAT
};
}  // namespace

std::vector<std::string_view> format_names() {
  std::vector<std::string_view> names;
  for (const auto& f : kFormats) names.push_back(f.name);
  return names;
}

std::string render(std::string_view format, const RunReport& report, const RenderOptions& options) {
  for (const auto& f : kFormats)
    if (f.name == format) return f.render(report, options);
  throw UsageError(fmt::format("unknown format '{}' (valid: {})", format,
                               fmt::join(format_names(), ", ")));
}

}  // namespace concur
