// How verdicts read: one word for tables, a clause for "cannot tell", and
// the note that opens a section measured on a busy machine. The words come
// from the message catalogues.
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {

std::string outcome_word(const Verdict& v, const Words& w) {
  if (!v.measured()) return "—";
  switch (v.outcome) {
    case Outcome::faster: return say<Msg::outcome_faster>(w);
    case Outcome::slower: return say<Msg::outcome_slower>(w);
    case Outcome::tie: return say<Msg::outcome_tie>(w);
    case Outcome::cannot_tell: break;
  }
  return say<Msg::outcome_cannot_tell>(w);
}

std::string speedup_text(const Verdict& v, const Words& w) {
  return v.measured() ? w.interval(v.speedup) : "—";
}

std::string doubt_text(const Verdict& v, const Words& w) {
  switch (v.doubt) {
    case Doubt::none: return "";
    case Doubt::not_measured: return say<Msg::doubt_not_measured>(w);
    case Doubt::too_few_samples: return say<Msg::doubt_too_few_samples>(w, kMinSamples);
    case Doubt::starved: return say<Msg::doubt_starved>(w, w.number(v.starved_share * 100, 0));
    case Doubt::wide_interval:
      return say<Msg::doubt_wide_interval>(w, w.interval(v.speedup), w.number(kTieBand * 100, 0));
  }
  return "";
}

std::string disturbance_note(const Disturbance& d, const Words& w) {
  if (!d.busy()) return "";
  std::string p = say<Msg::busy_opening>(w);
  if (d.cpus > 0 && d.load > d.cpus) p += say<Msg::busy_load>(w, w.number(d.load, 1), d.cpus);
  if (!d.impossible.empty()) p += say<Msg::busy_impossible>(w, d.impossible.front());
  p += say<Msg::busy_closing>(w);
  return w.typeset(p);
}

}  // namespace concur::course
