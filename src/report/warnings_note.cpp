#include "report/warnings_note.hpp"

#include <fmt/format.h>

namespace concur::report {

std::string render_warnings(const RunReport& report, bool markdown) {
  if (report.warnings.empty()) return "";
  std::string out = markdown ? "\n**Warnings**\n\n" : "\nWarnings:\n";
  for (const Warning& w : report.warnings) {
    const std::string subject =
        w.subject == "run" || w.subject == "machine" ? "" : w.subject + ": ";
    out += markdown ? fmt::format("- {}{}. *{}*\n", subject, w.message, w.advice)
                    : fmt::format("! {}{}.\n  -> {}\n", subject, w.message, w.advice);
  }
  return out;
}

}  // namespace concur::report
