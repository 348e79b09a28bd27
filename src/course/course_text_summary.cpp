// The closing summary: which model won which kind of work on this machine,
// picked from the measurements of the sections above.
#include <vector>

#include "course/course_text.hpp"

namespace concur::course {
namespace {

struct Candidate {
  std::string name;
  std::optional<double> speedup;
};

// The fastest candidate, if any was measured.
const Candidate* fastest(const std::vector<Candidate>& candidates) {
  const Candidate* best = nullptr;
  for (const auto& c : candidates)
    if (c.speedup && (!best || *c.speedup > *best->speedup)) best = &c;
  return best;
}

std::string listing(const std::vector<Candidate>& candidates, const Words& w) {
  std::string out;
  for (const auto& c : candidates)
    if (c.speedup) out += (out.empty() ? "" : ", ") + c.name + " " + w.ratio(*c.speedup);
  return out;
}

std::string verdict(const std::string& kind, const std::vector<Candidate>& candidates, const Words& w) {
  const Candidate* best = fastest(candidates);
  if (!best) return say(w, "{}: not measured.", "{} : non mesuré.", kind);
  if (*best->speedup < 1.1)
    return say(w, "{}: no model beat sequential here ({}).",
               "{} : aucun modèle n'a battu le séquentiel ici ({}).", kind, listing(candidates, w));
  return say(w, "{}: best was {}, {} faster than sequential ({}).",
             "{} : meilleur modèle, {}, {} plus rapide que le séquentiel ({}).", kind, best->name,
             w.ratio(*best->speedup), listing(candidates, w));
}

}  // namespace

Section summary_section(const CourseFacts& f, const Words& w) {
  Section s{w("Summary: which model wins here", "Bilan : quel modèle gagne ici"), {}};
  const auto& d = f.download;
  s.blocks.push_back(verdict(w("Waiting for I/O (section 2)", "Attendre des E/S (section 2)"),
                             {{model_name("gil", w), speedup(d.sequential, d.gil)},
                              {model_name("threads", w), speedup(d.sequential, d.threads)}},
                             w));

  std::vector<Candidate> cpu;
  const auto& fz = f.factorise;
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : fz.rows)
      cpu.push_back({model_name(model, w) + " ×" + std::to_string(row.workers), speedup(fz.sequential, row.*member)});
  s.blocks.push_back(verdict(w("Computing (section 3)", "Calculer (section 3)"), cpu, w));

  if (!f.events.rows.empty()) {
    const auto& top = f.events.rows.back();
    if (top.async.ok() && top.threads.ok()) {
      const double a = *top.async.seconds, t = *top.threads.seconds;
      const std::string faster = a < t / 1.1 ? "async" : t < a / 1.1 ? model_name("threads", w) : "";
      const std::string lighter = top.async.peak_rss_kb < top.threads.peak_rss_kb * 0.9 ? "async"
                                  : top.threads.peak_rss_kb < top.async.peak_rss_kb * 0.9 ? model_name("threads", w)
                                                                                          : "";
      std::string p = say(w, "Many waits at once (section 4, {} downloads): ", "Beaucoup d'attentes à la fois "
                          "(section 4, {} téléchargements) : ", w.count(top.connections));
      p += faster.empty() ? w("async and threads about as fast", "async et threads à peu près aussi rapides")
                          : say(w, "fastest, {}", "le plus rapide, {}", faster);
      p += lighter.empty() ? w("; about the same peak memory.", " ; à peu près le même pic de mémoire.")
                           : say(w, "; lightest, {}.", " ; le plus léger en mémoire, {}.", lighter);
      s.blocks.push_back(p);
    }
  }

  if (!f.gpu.skipped_reason.empty()) {
    s.blocks.push_back(say(w, "GPU (section 5): not measured: {}.", "GPU (section 5) : non mesuré : {}.",
                           f.gpu.skipped_reason));
  } else {
    for (const auto& r : f.gpu.rows)
      if (auto x = speedup(r.sequential, r.cuda))
        s.blocks.push_back(say(w, "GPU (section 5), {}: {} faster than sequential{}.",
                               "GPU (section 5), {} : {} plus rapide que le séquentiel{}.", r.workload, w.ratio(*x),
                               r.threads.ok() && *r.cuda.seconds > *r.threads.seconds
                                   ? w(", but slower than the CPU's threads", ", mais plus lent que les threads du CPU")
                                   : ""));
  }
  return s;
}

}  // namespace concur::course
