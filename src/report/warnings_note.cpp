#include "report/warnings_note.hpp"

#include <fmt/format.h>

#include "report/analysis_text.hpp"
#include "report/text_layout.hpp"

namespace concur::report {

std::string render_warnings(const RunReport& report, bool markdown, bool color, std::size_t width) {
  if (report.analysis.warnings.empty()) return "";
  // Yellow, as the other warnings of the command line (interrupted, inconclusive).
  const std::string yellow = color && !markdown ? "\033[33m" : "";
  const std::string reset = yellow.empty() ? "" : "\033[0m";
  std::string out = markdown ? "\n**Warnings**\n\n" : fmt::format("\n{}Warnings:{}\n", yellow, reset);
  for (const Warning& w : report.analysis.warnings) {
    const std::string subject = subject_prefix(w.subject);
    const std::string advice = advice_text(w.advice);
    if (markdown) {
      out += fmt::format("- {}{}. *{}*\n", subject, w.message, advice);
      continue;
    }
    // Coloured line by line, so a wrapped warning stays yellow and the reset
    // never lands on the next line's indent.
    const std::string seen = wrap_hanging(subject + w.message + ".", width, "! ", 2);
    for (std::size_t start = 0; start < seen.size();) {
      const std::size_t end = seen.find('\n', start);
      out += yellow + seen.substr(start, end - start) + reset + "\n";
      start = end + 1;
    }
    out += wrap_hanging(advice, width, "  -> ", 5);
  }
  return out;
}

}  // namespace concur::report
