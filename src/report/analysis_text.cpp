#include "report/analysis_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/analysis.hpp"
#include "core/statistics.hpp"
#include "report/columns.hpp"
#include "report/text_layout.hpp"

namespace concur::report {
namespace {

std::string percent(double share) { return fmt::format("{:.0f} %", share * 100); }

std::string per_second(double rate) {
  if (rate >= 1e6) return fmt::format("{:.1f} M", rate / 1e6);
  if (rate >= 1e3) return fmt::format("{:.0f} k", rate / 1e3);
  return fmt::format("{:.0f}", rate);
}

// "[0.98, 1.02]", or "" without an interval.
std::string interval(const Estimate& e) {
  if (!e.has_interval) return "";
  return fmt::format(" [{:.2f}, {:.2f}]", e.ci.low, e.ci.high);
}

std::string cores(const Estimate& c) {
  // Below a tenth, two decimals: 0.05 cores says "waiting"; 0.0 says nothing.
  return c.value < 0.1 ? fmt::format("{:.2f}", c.value) : fmt::format("{:.1f}", c.value);
}

std::string model_of(const RunReport& report, std::size_t cell) { return report.cells[cell].model; }

std::string speedup_of(const RunReport& report, std::size_t cell) {
  const auto& s = report.analysis.cells[cell].speedup;
  return s ? fmt::format(" ({})", format_speedup(*s)) : "";
}

std::string machine_beside(const AnalysisVerdict& v) {
  std::string text = fmt::format("load {:.1f} on {} CPU{}", v.load, v.cpus, v.cpus == 1 ? "" : "s");
  text += v.run_delay_share ? fmt::format(", run-queue delay {}", percent(*v.run_delay_share))
                            : ", run-queue delay not measured here";
  return text;
}

std::string disturbance_text(const Disturbance& d) {
  switch (d.measure) {
    case Disturbed::load_average:
      return fmt::format("load average {:.2f} above the {:g} usable CPUs", d.amount, d.limit);
    case Disturbed::run_queue_delay:
      return fmt::format("{} of the time waiting for a CPU on {} (above {})", percent(d.amount), d.cell,
                         percent(d.limit));
    case Disturbed::other_programs:
      return d.cell.empty()
                 ? fmt::format("other programs and the hypervisor used {} of the CPUs while it ran (above {})",
                               percent(d.amount), percent(d.limit))
                 : fmt::format("other programs and the hypervisor used {} of the CPUs meanwhile (above {})",
                               percent(d.amount), percent(d.limit));
    case Disturbed::median_interval:
      return fmt::format("median of {} only within ±{:.1f}% (asked ±{:g}%)", d.cell, d.amount * 100,
                         d.limit * 100);
  }
  return "";
}

std::string names(const RunReport& report, const std::vector<std::size_t>& cells) {
  std::string out;
  for (std::size_t k = 0; k < cells.size(); ++k)
    out += (k ? (k + 1 == cells.size() ? " and " : ", ") : "") + model_of(report, cells[k]);
  return out;
}

}  // namespace

std::string explanation_text(const Explanation& e) {
  const std::string who = fmt::format("{}, {}: ", e.workload, e.model);
  const std::string c = cores(e.cores_used);
  switch (e.mechanism) {
    case Mechanism::waiting_on_io:
      return who + fmt::format("{} cores{} — waiting on I/O", c,
                               e.io_wait_ratio ? fmt::format(", {} of the time with transfers in flight",
                                                             percent(*e.io_wait_ratio))
                                               : "");
    case Mechanism::waiting_on_lock: {
      std::string why = fmt::format("{} cores", c);
      if (e.voluntary_switches_per_second)
        why += fmt::format(", {} voluntary switches/s", per_second(*e.voluntary_switches_per_second));
      if (e.lock_wait_share) why += fmt::format(", {} of the workers' time on the lock", percent(*e.lock_wait_share));
      return who + why + " — waiting on the lock";
    }
    case Mechanism::one_core_at_a_time:
      return who + fmt::format("{} of {} cores used — one thread runs at a time", c,
                               std::min(e.workers, e.cpus));
    case Mechanism::waiting_for_cpu: {
      std::string whose;  // who took the CPUs, where others' CPU was measured
      if (e.others_cpu_share)
        whose = *e.others_cpu_share >= kOthersBusyShare
                    ? fmt::format(" — other programs and the hypervisor used {} of the CPUs",
                                  percent(*e.others_cpu_share))
                    : " — its own threads queue for the CPUs";
      return who + fmt::format("{} cores of {}, {} of the time waiting for a CPU{}", c,
                               std::min(e.workers, e.cpus), percent(e.run_delay_share.value_or(0)), whose);
    }
    case Mechanism::work_inflated:
      return who + fmt::format("{} cores, {:.2f}x the baseline's CPU for the same work{} — overhead", c,
                               e.work_inflation->value, interval(*e.work_inflation));
    case Mechanism::uses_the_cores:
      return who + fmt::format("{} of {} cores used — the workers keep their cores busy", c,
                               std::min(e.workers, e.cpus));
  }
  return who;
}

std::string verdict_text(const AnalysisVerdict& v, const RunReport& report) {
  const std::string threshold = fmt::format("±{:g}%", stats::kSeparationThreshold * 100);
  switch (v.kind) {
    case VerdictKind::one_core:
      return fmt::format("{}, {}: cannot use more than one core — {} cores{} with {} workers ({})",
                         v.workload, model_of(report, v.cells.front()), cores(*v.cores_used),
                         interval(*v.cores_used), v.workers, machine_beside(v));
    case VerdictKind::fastest: {
      std::string text = fmt::format("{}: {} is fastest{}", v.workload, model_of(report, v.cells.front()),
                                     speedup_of(report, v.cells.front()));
      if (v.margin && v.margin_cell)
        text += fmt::format("; the next, {}, takes {:.2f}x as long{}", model_of(report, *v.margin_cell),
                            v.margin->value, interval(*v.margin));
      return text;
    }
    case VerdictKind::tied:
      return fmt::format("{}: {} cannot be told apart (within {}: {} takes {:.2f}x as long as {}{})",
                         v.workload, names(report, v.cells), threshold, model_of(report, *v.margin_cell),
                         v.margin->value, model_of(report, v.cells.front()), interval(*v.margin));
    case VerdictKind::too_busy: {
      std::string text = fmt::format("{}: wall time cannot decide here, the machine was disturbed: ", v.workload);
      for (std::size_t k = 0; k < v.disturbances.size(); ++k)
        text += (k ? "; " : "") + disturbance_text(v.disturbances[k]);
      return text + (v.cells.size() == 1 ? " (fastest as measured: " : " (not told apart as measured: ") +
             names(report, v.cells) + ")";
    }
  }
  return v.workload;
}

std::string advice_text(const Advice& a) {
  switch (a.kind) {
    case AdviceKind::rerun_idle:
      return "the baseline was slowed by something else while it ran: rerun on an idle machine";
    case AdviceKind::close_other_programs:
      return "other programs compete for the CPUs: close them or rerun when the machine is idle "
             "(`uptime` shows the load)";
    case AdviceKind::governor_performance:
      return "the clock may change during the run; for stable numbers: "
             "`cpupower frequency-set -g performance` (as root)";
    case AdviceKind::quota_caps_speedup:
      return "parallel models cannot use more than the quota; speedups are relative to it";
    case AdviceKind::keep_warmup: return "drop --warmup 0";
    case AdviceKind::no_gain_beyond_cpus:
      return fmt::format("workers beyond {} share cores: expect no further speedup", a.cpus);
    case AdviceKind::repeat: return "drop --quick or --repetitions 1 to let the run repeat until precise";
    case AdviceKind::more_time_or_quieter:
      return "raise --max-time or --max-repetitions, or rerun on an idle machine";
    case AdviceKind::more_repetitions:
      return "more repetitions (--max-time, --max-repetitions) or a quieter machine";
    case AdviceKind::run_to_completion: return "run again to completion for the full table";
  }
  return "";
}

std::string subject_prefix(const WarningSubject& s) {
  return s.kind == SubjectKind::cell || s.kind == SubjectKind::workload ? s.name + ": " : "";
}

std::string render_verdicts(const RunReport& report, bool markdown, std::size_t width) {
  const Analysis& a = report.analysis;
  if (!analysed(report) || (a.verdicts.empty() && a.explanations.empty())) return "";
  const auto heading = [&](std::string_view title) {
    return markdown ? fmt::format("\n**{}**\n\n", title) : fmt::format("\n{}:\n", title);
  };
  // Markdown: list items. Terminal: each line in the width, continued lines
  // indented under its first word.
  const auto item = [&](const std::string& text) {
    if (markdown) return "- " + text + "\n";
    const std::size_t columns = width ? width : kProseWidth;
    const std::size_t room = columns > 8 ? columns - 4 : 4;
    const std::string lines = wrap(text, room);
    std::string out;
    for (std::size_t start = 0; start < lines.size();) {
      const std::size_t end = lines.find('\n', start) + 1;
      out += (start ? "    " : "  ") + lines.substr(start, end - start);
      start = end;
    }
    return out;
  };
  std::string out;
  if (!a.verdicts.empty()) out += heading("Verdicts");
  for (const AnalysisVerdict& v : a.verdicts) out += item(verdict_text(v, report));
  if (!a.explanations.empty()) out += heading("Why, from the mechanism");
  for (const Explanation& e : a.explanations) out += item(explanation_text(e));
  return out;
}

}  // namespace concur::report
