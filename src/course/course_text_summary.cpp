// The closing summary: which model won which kind of work on this machine,
// from the same verdicts as the sections (course_verdicts), so a tie in a
// section is a tie here too. The words come from the message catalogues.
#include <vector>

#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {
namespace {

std::string listing(const std::vector<Candidate>& candidates, const Words& w) {
  std::string out;
  for (const auto& c : candidates)
    if (c.verdict.measured())
      out += (out.empty() ? "" : ", ") + c.name + " " +
             say<Msg::summary_value_word>(w, w.ratio(c.verdict.speedup.value), outcome_word(c.verdict, w));
  return out;
}

std::string verdict(const std::string& kind, const std::vector<Candidate>& candidates, bool busy, const Words& w) {
  bool any = false, undecided = false;
  for (const auto& c : candidates) {
    any = any || c.verdict.measured();
    undecided = undecided || (c.verdict.measured() && c.verdict.outcome == Outcome::cannot_tell);
  }
  if (!any) return say<Msg::summary_not_measured>(w, kind);
  const std::string suffix = busy ? say<Msg::summary_busy>(w) : std::string();
  const Ranking r = rank(candidates);
  if (r.faster.empty())
    return (undecided ? say<Msg::summary_none_shown>(w, kind, listing(candidates, w))
                      : say<Msg::summary_none_beat>(w, kind, listing(candidates, w))) +
           suffix;
  const Candidate& first = *r.faster.front();
  if (r.clear_winner())
    return say<Msg::summary_best>(w, kind, first.name, w.interval(first.verdict.speedup), listing(candidates, w)) +
           suffix;
  const Candidate& second = *r.faster[1];
  return say<Msg::summary_both>(w, kind, first.name, second.name, w.ratio(first.verdict.speedup.value),
             w.ratio(second.verdict.speedup.value),
             r.first_vs_second.outcome == Outcome::tie ? say<Msg::summary_tied>(w) : say<Msg::summary_not_apart>(w),
             listing(candidates, w)) +
         suffix;
}

// Sharing one counter (section 3d): a counter each against the mutex.
void add_sharing_line(Section& s, const SharingFacts& sh, const Words& w) {
  if (sh.rows.empty()) return;
  const Verdict v = judge(sh.rows.front().shared, sh.rows.back().shared);  // mutex ... a counter each
  if (!v.measured()) return;
  std::string p = say<Msg::summary_sharing>(w, sh.workers);
  p += v.outcome == Outcome::cannot_tell ? say<Msg::outcome_cannot_tell>(w)
                                         : say<Msg::summary_value_word>(w, w.interval(v.speedup), outcome_word(v, w));
  p += say<Msg::summary_end>(w) + (sh.disturbance.busy() ? say<Msg::summary_busy>(w) : std::string());
  s.blocks.push_back(w.typeset(p));
}

// Many waits at once (section 4): async against threads at the most connections.
void add_events_line(Section& s, const EventFacts& events, const Words& w) {
  if (events.rows.empty()) return;
  const auto& top = events.rows.back();
  const Verdict v = judge(top.threads, top.async);
  if (!v.measured()) return;
  std::string p = say<Msg::summary_events>(w, w.count(top.connections));
  switch (v.outcome) {
    case Outcome::faster: p += say<Msg::summary_events_async>(w); break;
    case Outcome::slower: p += say<Msg::summary_events_threads>(w, model_name("threads", w)); break;
    case Outcome::tie: p += say<Msg::summary_events_tie>(w); break;
    case Outcome::cannot_tell: p += say<Msg::summary_events_cannot_tell>(w); break;
  }
  const double a = top.async.peak_rss_kb, t = top.threads.peak_rss_kb;
  p += a < t * (1 - kMemoryTieBand)   ? say<Msg::summary_lightest_async>(w)
       : t < a * (1 - kMemoryTieBand) ? say<Msg::summary_lightest_threads>(w, model_name("threads", w))
                                      : say<Msg::summary_same_memory>(w);
  if (events.disturbance.busy()) p += say<Msg::summary_busy>(w);
  s.blocks.push_back(w.typeset(p));
}

void add_gpu_lines(Section& s, const CourseFacts& f, const Words& w) {
  if (!f.gpu.skipped_reason.empty()) {
    s.blocks.push_back(say<Msg::summary_gpu_missing>(w, gpu_skip_reason(f.gpu, f.verbose, w)));
    return;
  }
  for (const auto& r : f.gpu.rows) {
    const Verdict v = judge(r.sequential, r.cuda);
    if (!v.measured()) continue;
    s.blocks.push_back(say<Msg::summary_gpu>(w, r.workload, w.interval(v.speedup), outcome_word(v, w),
                           judge(r.threads, r.cuda).outcome == Outcome::slower ? say<Msg::summary_gpu_slower>(w)
                                                                               : std::string()));
  }
}

}  // namespace

Section summary_section(const CourseFacts& f, const Words& w) {
  Section s{say<Msg::summary_title>(w), {}};
  const auto& d = f.download;
  s.blocks.push_back(verdict(say<Msg::summary_io>(w),
                             {candidate(model_name("gil", w), d.sequential, d.gil),
                              candidate(model_name("threads", w), d.sequential, d.threads)},
                             d.disturbance.busy(), w));

  std::vector<Candidate> cpu;
  const auto& fz = f.factorise;
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : fz.rows)
      cpu.push_back(candidate(model_name(model, w) + " ×" + std::to_string(row.workers), fz.sequential, row.*member));
  s.blocks.push_back(verdict(say<Msg::summary_cpu>(w), cpu, fz.disturbance.busy(), w));

  add_sharing_line(s, f.sharing, w);
  add_events_line(s, f.events, w);
  if (const auto& re = f.reactive; re.rows.size() == 3)
    s.blocks.push_back(verdict(say<Msg::summary_reactive>(w),
                               {candidate(say<Msg::reactive_threads_short>(w), re.rows[0].cell, re.rows[1].cell),
                                candidate(say<Msg::reactive_processes_short>(w), re.rows[0].cell, re.rows[2].cell)},
                               re.disturbance.busy(), w));
  add_gpu_lines(s, f, w);
  return s;
}

}  // namespace concur::course
