// Section 4b: reactive programming, the course's data centre measured. The
// pipeline workload's thermometers stream readings through stages; one loop,
// a thread per stage and a process per stage are timed, their throughput
// judged by its interval and their latency from reading to alert quoted.
// The words come from the message catalogues (course_messages_*.inc).
#include "course/course_messages.hpp"
#include "course/course_text.hpp"
#include "workloads/pipeline/readings.hpp"

namespace concur::course {
namespace {

std::string form_name(std::string_view model, const Words& w) {
  if (model == "sequential") return say<Msg::reactive_loop>(w);
  if (model == "threads") return say<Msg::reactive_threads>(w);
  return say<Msg::reactive_processes>(w);
}

// Short names for the table.
std::string form_label(std::string_view model, const Words& w) {
  if (model == "sequential") return say<Msg::reactive_loop_short>(w);
  if (model == "threads") return say<Msg::reactive_threads_short>(w);
  return say<Msg::reactive_processes_short>(w);
}

std::string degrees(std::int32_t centi, const Words& w) {
  return say<Msg::reactive_degrees>(w, w.number(centi / 100.0, 0));
}

std::string per_second(const ReactiveFacts& f, const Measured& m, const Words& w) {
  if (!m.ok() || *m.seconds <= 0) return "—";
  return w.count(static_cast<std::uint64_t>(static_cast<double>(f.readings) / *m.seconds + 0.5));
}

// Latencies of one loop are below a microsecond, where duration() rounds to 0.
std::string latency(const std::optional<double>& s, const Words& w) {
  if (!s) return "—";
  if (*s < 1e-5) return say<Msg::reactive_microseconds>(w, w.number(*s * 1e6, *s < 1e-6 ? 2 : 1));
  return w.duration(*s);
}

// One stage form against the loop: its throughput verdict and its latency.
std::string form_sentence(const ReactiveFacts& f, const ReactiveFacts::Row& loop, const ReactiveFacts::Row& row,
                          const Words& w) {
  const Verdict v = judge(loop.cell, row.cell);
  if (!v.measured()) return "";
  std::string p = say<Msg::reactive_form_rate>(w, form_name(row.model, w), per_second(f, row.cell, w));
  switch (v.outcome) {
    case Outcome::faster: p += say<Msg::reactive_form_faster>(w, w.interval(v.speedup)); break;
    case Outcome::slower: p += say<Msg::reactive_form_slower>(w, w.ratio(1 / v.speedup.value)); break;
    case Outcome::tie: p += say<Msg::reactive_form_tie>(w); break;
    case Outcome::cannot_tell: p += say<Msg::reactive_form_cannot_tell>(w, doubt_text(v, w)); break;
  }
  p += row.latency_p50 && loop.latency_p50
           ? say<Msg::reactive_form_latency>(w, latency(row.latency_p50, w), latency(loop.latency_p50, w))
           : say<Msg::reactive_form_end>(w);
  return w.typeset(p);
}

}  // namespace

Section reactive_section_text(const ReactiveFacts& f, const Words& w) {
  Section s{say<Msg::reactive_title>(w), {}};
  s.blocks.push_back(say<Msg::reactive_intro>(w, pipeline::kSensors, pipeline::kZones, w.count(f.readings),
                         pipeline::kSmoothingWindow, degrees(pipeline::kAlertAbove, w),
                         degrees(pipeline::kClearBelow, w)));
  if (f.rows.empty()) return s;

  const ReactiveFacts::Row& loop = f.rows.front();
  Table t{{say<Msg::reactive_column_form>(w), say<Msg::column_time>(w), say<Msg::reactive_column_rate>(w),
           say<Msg::reactive_column_p50>(w), say<Msg::reactive_column_p99>(w), say<Msg::column_speedup>(w),
           say<Msg::column_verdict>(w)},
          {},
          {false, true, true, true, true, true, false}};
  for (const auto& row : f.rows) {
    const bool base = &row == &loop;
    const Verdict v = base ? Verdict{} : judge(loop.cell, row.cell);
    t.rows.push_back({form_label(row.model, w), w.time_of(row.cell), per_second(f, row.cell, w),
                      latency(row.latency_p50, w), latency(row.latency_p99, w), base ? "" : speedup_text(v, w),
                      base ? "" : outcome_word(v, w)});
  }
  s.blocks.push_back(t);

  if (loop.cell.ok()) {
    std::string p = say<Msg::reactive_loop_rate>(w, per_second(f, loop.cell, w));
    if (loop.latency_p50 && loop.latency_p99)
      p += say<Msg::reactive_loop_latency>(w, latency(loop.latency_p50, w), latency(loop.latency_p99, w));
    s.blocks.push_back(p + say<Msg::reactive_form_end>(w));
  }
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  for (const auto& row : f.rows)
    if (&row != &loop)
      if (auto p = form_sentence(f, loop, row, w); !p.empty()) s.blocks.push_back(p);
  s.blocks.push_back(say<Msg::reactive_lesson>(w));
  for (const auto& row : f.rows) add_missing_notes(s, w, {{form_name(row.model, w), &row.cell}});
  return s;
}

}  // namespace concur::course
