// How verdicts read: one word for tables, a clause for "cannot tell", and
// the note that opens a section measured on a busy machine.
#include <fmt/format.h>

#include "course/course_text.hpp"

namespace concur::course {

std::string outcome_word(const Verdict& v, const Words& w) {
  if (!v.measured()) return "—";
  switch (v.outcome) {
    case Outcome::faster: return w("faster", "plus rapide");
    case Outcome::slower: return w("slower", "plus lent");
    case Outcome::tie: return w("tie", "égalité");
    case Outcome::cannot_tell: break;
  }
  return w("cannot tell", "indéterminé");
}

std::string speedup_text(const Verdict& v, const Words& w) {
  return v.measured() ? w.interval(v.speedup) : "—";
}

std::string doubt_text(const Verdict& v, const Words& w) {
  switch (v.doubt) {
    case Doubt::none: return "";
    case Doubt::not_measured: return w("not measured", "non mesuré");
    case Doubt::too_few_samples:
      return say(w, "fewer than {} repetitions, so no interval", "moins de {} répétitions, donc pas d'intervalle",
                 kMinSamples);
    case Doubt::starved:
      return say(w, "a computing cell got only {}% of the CPUs it needed: other programs took the rest",
                 "une mesure de calcul n'a eu que {} % des processeurs qu'il lui fallait : d'autres programmes "
                 "ont pris le reste",
                 w.number(v.starved_share * 100, 0));
    case Doubt::wide_interval:
      return say(w, "the 95% interval {} reaches both sides of the ±{}% band of a tie",
                 "l'intervalle à 95 % {} déborde des deux côtés de la marge de ±{} % d'une égalité",
                 w.interval(v.speedup), w.number(kTieBand * 100, 0));
  }
  return "";
}

std::string disturbance_note(const Disturbance& d, const Words& w) {
  if (!d.busy()) return "";
  std::string p = w("The machine was busy while this section ran", "La machine était occupée pendant cette section");
  if (d.cpus > 0 && d.load > d.cpus)
    p += say(w, " (load average {} on {} CPUs)", " (charge moyenne {} pour {} processeurs)", w.number(d.load, 1),
             d.cpus);
  if (!d.impossible.empty())
    p += say(w, "; {} went faster than its workers or cores allow, so its baseline was slowed by something else",
             " ; {} est allé plus vite que ses fils ou ses cœurs ne le permettent, sa référence a donc été "
             "ralentie par autre chose",
             d.impossible.front());
  p += w(". Verdicts below stand only where their intervals are clear, and no difference is put down to a model "
         "that the disturbance could explain.",
         ". Les verdicts ci-dessous ne valent que là où leurs intervalles sont nets, et aucun écart que la "
         "perturbation pourrait expliquer n'est attribué à un modèle.");
  return w.typeset(p);
}

}  // namespace concur::course
