// Section 3d: a race condition and mutual exclusion, measured; what sharing
// costs (course_text_sharing.cpp); and how the GIL is handed over, in
// CPython and in the model. The words come from the message catalogues.
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {

Section races_section_text(const RaceFacts& f, const SharingFacts& sharing, double switch_interval_ms,
                           const Words& w) {
  Section s{say<Msg::races_title>(w), {}};
  if (f.threads == 0) return s;
  const std::uint64_t expected = f.increments * f.threads;
  s.blocks.push_back(Table{{"", say<Msg::races_column_end>(w), say<Msg::races_column_expected>(w),
                            say<Msg::races_column_lost>(w), say<Msg::column_time>(w)},
                           {{say<Msg::races_no_lock>(w), w.count(f.unlocked_total), w.count(expected),
                             w.count(expected - f.unlocked_total), w.time_of(f.unlocked)},
                            {say<Msg::races_mutex>(w), w.count(f.locked_total), w.count(expected),
                             w.count(expected - f.locked_total), w.time_of(f.locked)}},
                           {false, true, true, true, true}});
  std::string p = say<Msg::races_setup>(w, f.threads, w.count(f.increments));
  p += expected > f.unlocked_total ? say<Msg::races_lost>(w, w.count(expected - f.unlocked_total))
                                   : say<Msg::races_none_lost>(w);
  p += say<Msg::races_locked>(w, w.count(f.locked_total), w.time_of(f.locked), w.time_of(f.unlocked));
  s.blocks.push_back(p);
  add_sharing_blocks(s, sharing, w);
  s.blocks.push_back(say<Msg::races_gil_handover>(w, w.number(switch_interval_ms, switch_interval_ms < 1 ? 2 : 0)));
  return s;
}

}  // namespace concur::course
