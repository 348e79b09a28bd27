// How verdicts read: one word for tables, a clause for "cannot tell", and
// the note that opens a section measured on a busy machine. The words come
// from the message catalogues.
#include "course/course_messages.hpp"
#include "course/course_text.hpp"

namespace concur::course {

std::string outcome_word(const Verdict& v, const Words& w) {
  if (!v.measured()) return "—";
  switch (v.outcome) {
    case Outcome::faster: return say(w, Msg::outcome_faster);
    case Outcome::slower: return say(w, Msg::outcome_slower);
    case Outcome::tie: return say(w, Msg::outcome_tie);
    case Outcome::cannot_tell: break;
  }
  return say(w, Msg::outcome_cannot_tell);
}

std::string speedup_text(const Verdict& v, const Words& w) {
  return v.measured() ? w.interval(v.speedup) : "—";
}

std::string doubt_text(const Verdict& v, const Words& w) {
  switch (v.doubt) {
    case Doubt::none: return "";
    case Doubt::not_measured: return say(w, Msg::doubt_not_measured);
    case Doubt::too_few_samples: return say(w, Msg::doubt_too_few_samples, kMinSamples);
    case Doubt::starved: return say(w, Msg::doubt_starved, w.number(v.starved_share * 100, 0));
    case Doubt::wide_interval:
      return say(w, Msg::doubt_wide_interval, w.interval(v.speedup), w.number(kTieBand * 100, 0));
  }
  return "";
}

std::string disturbance_note(const Disturbance& d, const Words& w) {
  if (!d.busy()) return "";
  std::string p = say(w, Msg::busy_opening);
  if (d.cpus > 0 && d.load > d.cpus) p += say(w, Msg::busy_load, w.number(d.load, 1), d.cpus);
  if (!d.impossible.empty()) p += say(w, Msg::busy_impossible, d.impossible.front());
  p += say(w, Msg::busy_closing);
  return w.typeset(p);
}

}  // namespace concur::course
