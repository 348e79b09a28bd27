#include "report/warnings_note.hpp"

#include <fmt/format.h>

#include "report/analysis_text.hpp"

namespace concur::report {

std::string render_warnings(const RunReport& report, bool markdown, bool color) {
  if (report.analysis.warnings.empty()) return "";
  // Yellow, as the other warnings of the command line (interrupted, inconclusive).
  const std::string yellow = color && !markdown ? "\033[33m" : "";
  const std::string reset = yellow.empty() ? "" : "\033[0m";
  std::string out = markdown ? "\n**Warnings**\n\n" : fmt::format("\n{}Warnings:{}\n", yellow, reset);
  for (const Warning& w : report.analysis.warnings) {
    const std::string subject = subject_prefix(w.subject);
    const std::string advice = advice_text(w.advice);
    out += markdown ? fmt::format("- {}{}. *{}*\n", subject, w.message, advice)
                    : fmt::format("{}! {}{}.{}\n  -> {}\n", yellow, subject, w.message, reset, advice);
  }
  return out;
}

}  // namespace concur::report
