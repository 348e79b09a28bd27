// Section 3b: starting workers, measured, with what fork does. The words
// come from the message catalogues.
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {

Section startup_section_text(const StartupFacts& f, const Words& w) {
  Section s{say<Msg::startup_title>(w), {}};
  const Verdict v = judge(f.processes, f.threads);  // faster: threads started sooner
  const double book_ratio = figures::book_processes_start_s / figures::book_threads_start_s;
  s.blocks.push_back(Table{{"", say<Msg::startup_column_here>(w), say<Msg::startup_column_book>(w)},
                           {{say<Msg::startup_threads_row>(w, f.workers), w.time_of(f.threads),
                             w.duration(figures::book_threads_start_s)},
                            {say<Msg::startup_processes_row>(w, f.workers), w.time_of(f.processes),
                             w.duration(figures::book_processes_start_s)},
                            {say<Msg::startup_ratio_row>(w),
                             say<Msg::startup_verdict_cell>(w, speedup_text(v, w), outcome_word(v, w)),
                             w.ratio(book_ratio)}},
                           {false, true, true}});
  if (v.measured()) {
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say<Msg::startup_processes_slower>(w, f.workers, w.number(v.speedup.value, 1), f.workers,
                             w.interval(v.speedup), w.ratio(book_ratio)));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say<Msg::startup_cannot_tell>(w, doubt_text(v, w)));
    else
      s.blocks.push_back(say<Msg::startup_not_slower>(w, w.interval(v.speedup)));
  }
  s.blocks.push_back(say<Msg::startup_fork>(w, w.mib(f.parent_rss_kb), w.mib(f.child_peak_rss_kb)));
  s.blocks.push_back(say<Msg::startup_kernel_threads>(w));
  add_missing_notes(s, w, {{say<Msg::startup_threads>(w), &f.threads}, {say<Msg::startup_processes>(w), &f.processes}});
  return s;
}

}  // namespace concur::course
