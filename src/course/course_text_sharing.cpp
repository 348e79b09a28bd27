// Section 3d, second half: the cost of sharing, measured through the runner
// by the contention workloads (a mutex, one atomic, a counter per thread),
// one thread alone against free threads, each judged by its interval.
#include "course/course_text.hpp"

namespace concur::course {
namespace {

std::string sharing_label(std::string_view workload, const Words& w) {
  if (workload == "contention_mutex") return w("one counter under a mutex", "un compteur sous un mutex");
  if (workload == "contention_atomic") return w("one atomic counter (fetch_add)", "un compteur atomique (fetch_add)");
  return w("a counter per thread, summed at the end", "un compteur par fil, additionnés à la fin");
}

// "2.90x slower", "1.85x [1.80–1.90] faster", "a tie", "cannot tell (why)".
std::string against_one(const Verdict& v, const Words& w) {
  switch (v.outcome) {
    case Outcome::faster: return say(w, "{} faster", "{} plus rapide", w.interval(v.speedup));
    case Outcome::slower: return say(w, "{} slower", "{} plus lent", w.ratio(1 / v.speedup.value));
    case Outcome::tie: return w("a tie", "égalité");
    case Outcome::cannot_tell: break;
  }
  return say(w, "cannot tell ({})", "indéterminé ({})", doubt_text(v, w));
}

const SharingFacts::Row* row_of(const SharingFacts& f, std::string_view workload) {
  for (const auto& r : f.rows)
    if (r.workload == workload) return &r;
  return nullptr;
}

}  // namespace

void add_sharing_blocks(Section& s, const SharingFacts& f, const Words& w) {
  if (f.rows.empty()) return;
  Table t{{w("shared state", "état partagé"), w("1 thread", "1 fil"), say(w, "{} threads", "{} fils", f.workers),
           w("speedup [95% interval]", "accélération [intervalle à 95 %]"), w("verdict", "verdict")},
          {},
          {false, true, true, true, false}};
  for (const auto& r : f.rows) {
    const Verdict v = judge(r.alone, r.shared);
    t.rows.push_back({sharing_label(r.workload, w), w.time_of(r.alone), w.time_of(r.shared), speedup_text(v, w),
                      outcome_word(v, w)});
  }
  s.blocks.push_back(t);
  std::string p = say(w, "What sharing costs, through the runner: the `contention` workloads add {} to a counter in "
                         "all, shared out among {} free threads, and check the exact count at the end.",
                      "Ce que coûte le partage, mesuré par l'outil : les charges `contention` ajoutent {} à un "
                      "compteur au total, réparti entre {} fils libres, et vérifient le compte exact à la fin.",
                      w.count(f.increments), f.workers);
  s.blocks.push_back(p);
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  std::string verdicts;
  for (const auto& r : f.rows)
    if (const Verdict v = judge(r.alone, r.shared); v.measured())
      verdicts += (verdicts.empty() ? "" : w("; ", " ; ")) +
                  say(w, "{}, {}", "{}, {}", sharing_label(r.workload, w), against_one(v, w));
  if (!verdicts.empty()) s.blocks.push_back(say(w, "Against one thread alone: {}.", "Face à un seul fil : {}.", verdicts));

  const SharingFacts::Row* mutex = row_of(f, "contention_mutex");
  const SharingFacts::Row* local = row_of(f, "contention_local");
  if (!mutex || !local) return;
  const Verdict lesson = judge(mutex->shared, local->shared);
  if (lesson.faster()) {
    std::string q = say(w, "With the same {} threads, a counter each was {} faster than one counter under a mutex. ",
                        "Avec les mêmes {} fils, un compteur chacun a été {} plus rapide qu'un compteur sous un "
                        "mutex. ",
                        f.workers, w.interval(lesson.speedup));
    if (!f.disturbance.busy())
      q += w("Every increment under the mutex takes the lock and moves the counter's cache line to the thread's "
             "core; an atomic still moves the line; a counter of one's own moves nothing until the sum. The "
             "cheapest lock is the one not taken: share the result, not every step.",
             "Chaque incrément sous le mutex prend le verrou et amène la ligne de cache du compteur sur le cœur du "
             "fil ; un atomique déplace encore la ligne ; un compteur à soi ne déplace rien jusqu'à la somme. Le "
             "verrou le moins cher est celui qu'on ne prend pas : partager le résultat, pas chaque étape.");
    s.blocks.push_back(w.typeset(q));
  } else if (lesson.measured()) {
    s.blocks.push_back(say(w, "Between a counter each and one counter under a mutex, with {} threads: {} ({}).",
                           "Entre un compteur chacun et un compteur sous un mutex, avec {} fils : {} ({}).",
                           f.workers, outcome_word(lesson, w),
                           lesson.outcome == Outcome::cannot_tell ? doubt_text(lesson, w)
                                                                  : speedup_text(lesson, w)));
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{sharing_label(r.workload, w) + ", " + w("1 thread", "1 fil"), &r.alone},
                             {sharing_label(r.workload, w) + ", " + say(w, "{} threads", "{} fils", f.workers),
                              &r.shared}});
}

}  // namespace concur::course
