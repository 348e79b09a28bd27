// Section 3e: Amdahl's law, measured: free threads from 1 to twice the
// cores, the fitted serial fraction, and why the curve flattens at the
// core count. The words come from the message catalogues.
#include <algorithm>

#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {

Section amdahl_section_text(const AmdahlFacts& f, const Words& w) {
  Section s{say<Msg::amdahl_title>(w), {}};
  if (f.points.empty()) return s;
  Table t{{say<Msg::amdahl_column_threads>(w), say<Msg::column_time>(w), say<Msg::column_speedup>(w),
           say<Msg::column_verdict>(w), say<Msg::amdahl_column_previous>(w)},
          {},
          {true, true, true, false, false}};
  const Measured* previous = nullptr;
  for (const auto& p : f.points) {
    const Verdict v = judge(f.sequential, p.threads);
    t.rows.push_back({std::to_string(p.workers), w.time_of(p.threads), speedup_text(v, w), outcome_word(v, w),
                      previous ? outcome_word(judge(*previous, p.threads), w) : ""});
    previous = &p.threads;
  }
  s.blocks.push_back(t);
  if (!f.figure_file.empty())
    s.blocks.push_back("![" + say<Msg::amdahl_figure>(w) + "](" + f.figure_file + ")");
  std::string p = say<Msg::amdahl_law>(w, f.cores);
  // No fit on a disturbed run: it would put the disturbance down to the work.
  if (f.serial_fraction && !f.disturbance.busy())
    p += say<Msg::amdahl_fitted>(w, w.number(*f.serial_fraction * 100, 1));
  s.blocks.push_back(p);
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  return s;
}

}  // namespace concur::course
