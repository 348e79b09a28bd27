// The closing summary: which model won which kind of work on this machine,
// from the same verdicts as the sections (course_verdicts), so a tie in a
// section is a tie here too.
#include <vector>

#include "course/course_text.hpp"

namespace concur::course {
namespace {

std::string listing(const std::vector<Candidate>& candidates, const Words& w) {
  std::string out;
  for (const auto& c : candidates)
    if (c.verdict.measured())
      out += (out.empty() ? "" : ", ") + c.name + " " + w.ratio(c.verdict.speedup.value) + " (" +
             outcome_word(c.verdict, w) + ")";
  return out;
}

std::string verdict(const std::string& kind, const std::vector<Candidate>& candidates, bool busy, const Words& w) {
  bool any = false, undecided = false;
  for (const auto& c : candidates) {
    any = any || c.verdict.measured();
    undecided = undecided || (c.verdict.measured() && c.verdict.outcome == Outcome::cannot_tell);
  }
  if (!any) return say(w, "{}: not measured.", "{} : non mesuré.", kind);
  const std::string suffix = busy ? w(" The machine was busy meanwhile.", " La machine était occupée pendant ce temps.")
                                  : std::string();
  const Ranking r = rank(candidates);
  if (r.faster.empty())
    return (undecided ? say(w, "{}: no model was shown faster than sequential here ({}).",
                            "{} : aucun modèle ne s'est montré plus rapide que le séquentiel ici ({}).", kind,
                            listing(candidates, w))
                      : say(w, "{}: no model beat sequential here ({}).",
                            "{} : aucun modèle n'a battu le séquentiel ici ({}).", kind, listing(candidates, w))) +
           suffix;
  const Candidate& first = *r.faster.front();
  if (r.clear_winner())
    return say(w, "{}: best was {}, {} faster than sequential ({}).",
               "{} : meilleur modèle, {}, {} plus rapide que le séquentiel ({}).", kind, first.name,
               w.interval(first.verdict.speedup), listing(candidates, w)) + suffix;
  const Candidate& second = *r.faster[1];
  return say(w, "{}: {} and {} were both faster than sequential ({} and {}) and {} ({}).",
             "{} : {} et {} ont tous deux été plus rapides que le séquentiel ({} et {}) et {} ({}).", kind,
             first.name, second.name, w.ratio(first.verdict.speedup.value), w.ratio(second.verdict.speedup.value),
             r.first_vs_second.outcome == Outcome::tie ? w("tied", "à égalité")
                                                       : w("this run cannot tell them apart", "ce passage ne les départage pas"),
             listing(candidates, w)) + suffix;
}

}  // namespace

Section summary_section(const CourseFacts& f, const Words& w) {
  Section s{w("Summary: which model wins here", "Bilan : quel modèle gagne ici"), {}};
  const auto& d = f.download;
  s.blocks.push_back(verdict(w("Waiting for I/O (section 2)", "Attendre des E/S (section 2)"),
                             {candidate(model_name("gil", w), d.sequential, d.gil),
                              candidate(model_name("threads", w), d.sequential, d.threads)},
                             d.disturbance.busy(), w));

  std::vector<Candidate> cpu;
  const auto& fz = f.factorise;
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : fz.rows)
      cpu.push_back(candidate(model_name(model, w) + " ×" + std::to_string(row.workers), fz.sequential, row.*member));
  s.blocks.push_back(verdict(w("Computing (section 3)", "Calculer (section 3)"), cpu, fz.disturbance.busy(), w));

  if (const auto& sh = f.sharing; !sh.rows.empty()) {
    const SharingFacts::Row& mutex = sh.rows.front();  // mutex, atomic, a counter each
    const Verdict v = judge(mutex.shared, sh.rows.back().shared);
    if (v.measured()) {
      std::string p = say(w, "Sharing a counter (section 3d, {} threads): a counter each against one under a mutex, ",
                          "Partager un compteur (section 3 quater, {} fils) : un compteur chacun contre un seul "
                          "sous un mutex, ", sh.workers);
      p += v.outcome == Outcome::cannot_tell ? w("cannot tell", "indéterminé")
                                             : w.interval(v.speedup) + " (" + outcome_word(v, w) + ")";
      p += sh.disturbance.busy() ? w(". The machine was busy meanwhile.", ". La machine était occupée pendant ce temps.")
                                 : std::string(".");
      s.blocks.push_back(w.typeset(p));
    }
  }

  if (!f.events.rows.empty()) {
    const auto& top = f.events.rows.back();
    const Verdict v = judge(top.threads, top.async);
    if (v.measured()) {
      std::string p = say(w, "Many waits at once (section 4, {} downloads): ", "Beaucoup d'attentes à la fois "
                          "(section 4, {} téléchargements) : ", w.count(top.connections));
      switch (v.outcome) {
        case Outcome::faster: p += w("fastest, async", "le plus rapide, async"); break;
        case Outcome::slower: p += say(w, "fastest, {}", "le plus rapide, les {}", model_name("threads", w)); break;
        case Outcome::tie: p += w("async and threads tied", "async et les fils à égalité"); break;
        case Outcome::cannot_tell: p += w("cannot tell which was faster", "impossible de dire lequel a été le plus rapide"); break;
      }
      const double a = top.async.peak_rss_kb, t = top.threads.peak_rss_kb;
      p += a < t * (1 - kMemoryTieBand)   ? w("; lightest, async.", " ; le plus léger en mémoire, async.")
           : t < a * (1 - kMemoryTieBand) ? say(w, "; lightest, {}.", " ; les plus légers en mémoire, les {}.",
                                                model_name("threads", w))
                                          : w("; about the same peak memory.", " ; à peu près le même pic de mémoire.");
      if (f.events.disturbance.busy()) p += w(" The machine was busy meanwhile.", " La machine était occupée pendant ce temps.");
      s.blocks.push_back(w.typeset(p));
    }
  }

  if (const auto& re = f.reactive; re.rows.size() == 3) {
    s.blocks.push_back(verdict(w("Streaming readings (section 4b)", "Traiter un flux de relevés (section 4 bis)"),
                               {candidate(w("a thread per stage", "un fil par étape"), re.rows[0].cell, re.rows[1].cell),
                                candidate(w("a process per stage", "un processus par étape"), re.rows[0].cell,
                                          re.rows[2].cell)},
                               re.disturbance.busy(), w));
  }

  if (!f.gpu.skipped_reason.empty()) {
    s.blocks.push_back(say(w, "GPU (section 5): not measured: {}.", "GPU (section 5) : non mesuré : {}.",
                           gpu_skip_reason(f.gpu, f.verbose, w)));
  } else {
    for (const auto& r : f.gpu.rows) {
      const Verdict v = judge(r.sequential, r.cuda);
      if (!v.measured()) continue;
      s.blocks.push_back(say(w, "GPU (section 5), {}: {} against sequential ({}){}.",
                             "GPU (section 5), {} : {} par rapport au séquentiel ({}){}.", r.workload,
                             w.interval(v.speedup), outcome_word(v, w),
                             judge(r.threads, r.cuda).outcome == Outcome::slower
                                 ? w(", but slower than the CPU's threads", ", mais plus lent que les fils du processeur")
                                 : ""));
    }
  }
  return s;
}

}  // namespace concur::course
