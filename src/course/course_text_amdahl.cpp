// Section 3e: Amdahl's law, measured: free threads from 1 to twice the
// cores, the fitted serial fraction, and why the curve flattens at the
// core count.
#include <algorithm>

#include "course/course_text.hpp"

namespace concur::course {

Section amdahl_section_text(const AmdahlFacts& f, const Words& w) {
  Section s{w("3e. Amdahl's law: where adding workers stops paying", "3 quinquies. La loi d'Amdahl : quand ajouter des fils ne paie plus"), {}};
  if (f.points.empty()) return s;
  Table t{{w("free threads", "fils libres"), w("time", "temps"), w("speedup [95% interval]", "accélération [intervalle à 95 %]"),
           w("verdict", "verdict"), w("against one fewer", "par rapport à un de moins")},
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
    s.blocks.push_back("![" + w("speedup against free threads", "accélération selon le nombre de fils libres") + "](" +
                       f.figure_file + ")");
  std::string p = say(w, "Amdahl's law: if a share f of the work cannot be split, p workers go at most 1 / (f + "
                         "(1 − f) / p) times faster, never more than 1 / f however many there are. And computing "
                         "workers cannot go beyond the cores: past {} threads here, a new thread only shares a core "
                         "with another, so the curve flattens at the core count.",
                      "La loi d'Amdahl : si une part f du travail ne se partage pas, p fils vont au plus 1 / (f + "
                      "(1 − f) / p) fois plus vite, jamais plus de 1 / f quel que soit leur nombre. Et des fils de "
                      "calcul ne peuvent pas dépasser le nombre de cœurs : au-delà de {} fils ici, un nouveau fil ne "
                      "fait que partager un cœur avec un autre, la courbe s'aplatit donc au nombre de cœurs.",
                      f.cores);
  if (f.serial_fraction && !f.disturbance.busy())
    p += say(w, " Fitted on these points, f = {}%.", " Ajustée sur ces points, f = {} %.",
             w.number(*f.serial_fraction * 100, 1));
  s.blocks.push_back(p);
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  return s;
}

}  // namespace concur::course
