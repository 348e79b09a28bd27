// Sections 1 (the machine) and 3 (CPU-bound factorisation).
#include <algorithm>

#include "course/course_text.hpp"

namespace concur::course {
namespace {

// The fastest measured cell of one model and its verdict against sequential.
struct Best {
  const FactoriseFacts::Row* row = nullptr;
  Verdict verdict;
};

Best best_of(const FactoriseFacts& f, Measured FactoriseFacts::Row::*model) {
  Best best;
  for (const auto& row : f.rows) {
    Verdict v = judge(f.sequential, row.*model);
    if (v.measured() && (!best.row || v.speedup.value > best.verdict.speedup.value)) best = {&row, v};
  }
  return best;
}

}  // namespace

Section machine_section(const MachineFacts& m, const Words& w) {
  Section s{w("1. The machine", "1. La machine"), {}};
  s.blocks.push_back(Table{{"", w("this machine", "cette machine"), w("course", "cours")},
                           {{"multiprocessing.cpu_count()", std::to_string(m.cpu_count),
                             std::to_string(figures::cpu_count)},
                            {w("physical cores", "cœurs physiques"), std::to_string(m.physical_cores), "—"},
                            {w("CPUs this process may use", "processeurs utilisables par ce processus"),
                             std::to_string(m.usable_cpus), "—"}},
                           {false, true, true}});
  std::string p = say(w, "Python's multiprocessing.cpu_count() would report {} here (the course's laptop showed {}). "
                         "Behind them are {} physical cores ({})",
                      "multiprocessing.cpu_count() renverrait {} ici (le portable du cours affichait {}). "
                      "Ces processeurs logiques reposent sur {} cœurs physiques ({})",
                      m.cpu_count, figures::cpu_count, m.physical_cores, m.cpu_model);
  if (m.physical_cores > 0 && m.cpu_count > m.physical_cores)
    p += say(w, ": {} hardware threads per core, sharing that core's arithmetic units.",
             " : {} fils matériels par cœur, qui se partagent ses unités de calcul.",
             m.cpu_count / m.physical_cores);
  else
    p += ".";
  if (m.usable_cpus < m.cpu_count)
    p += say(w, " This process may use only {} of them (its CPU affinity, which os.sched_getaffinity() shows).",
             " Ce processus ne peut en utiliser que {} (son affinité CPU, que montre os.sched_getaffinity()).",
             m.usable_cpus);
  s.blocks.push_back(p);
  const unsigned cores = std::min(m.usable_cpus, std::max(m.physical_cores, 1u));
  if (cores <= 1)
    s.blocks.push_back(w("With a single core, no model can run CPU-bound work in parallel here: only waits can overlap.",
                         "Avec un seul cœur, aucun modèle ne peut calculer en parallèle ici : seules les attentes "
                         "peuvent se chevaucher."));
  else
    s.blocks.push_back(say(w, "So CPU-bound work can run at most about {} times faster here, whatever the model; "
                              "waiting for I/O is not bounded by the number of cores.",
                           "Un calcul ne peut donc aller au mieux qu'environ {} fois plus vite ici, quel que soit "
                           "le modèle ; les attentes d'E/S, elles, ne sont pas bornées par le nombre de cœurs.",
                           cores));
  return s;
}

Section factorise_section_text(const FactoriseFacts& f, const MachineFacts& m, const Words& w) {
  Section s{say(w, "3. Computing: prime factors of {} random integers",
                 "3. Calcul : facteurs premiers de {} entiers aléatoires", w.count(f.numbers)), {}};
  Table t{{w("model", "modèle"), w("workers", "fils ou processus"), w("time", "temps"),
           w("speedup [95% interval]", "accélération [intervalle à 95 %]"), w("verdict", "verdict"),
           w("course (Python)", "cours (Python)")},
          {{model_name("sequential", w), "1", w.time_of(f.sequential), "", "",
            w.duration(figures::factorise_sequential_s) + w(" (10,000)", " (10 000)")}},
          {false, true, true, true, false, false}};
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : f.rows) {
      const Measured& cell = row.*member;
      const Verdict v = judge(f.sequential, cell);
      std::string course = "—";  // the course's figures are for 10 workers
      if (row.workers == 10 && model == "processes")
        course = w.duration(figures::factorise_processes_s) + " (" +
                 w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s) + ")";
      if (row.workers == 10 && model == "gil")
        course = w.ratio(figures::book_sequential_s / figures::book_threads_s) + w(" (book)", " (livre)");
      t.rows.push_back({model_name(model, w), std::to_string(row.workers), w.time_of(cell), speedup_text(v, w),
                        outcome_word(v, w), course});
    }
  s.blocks.push_back(t);

  if (!f.sequential.ok()) {
    add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential}});
    return s;
  }
  const double seq = *f.sequential.seconds;
  const std::uint64_t multiple = f.numbers / 10'000;
  std::string intro = say(w, "The course's experiment: the prime factors of random integers between 20,000 and "
                             "100,000,000, by trial division. The course factorised 10,000 of them in {} of Python; "
                             "compiled C++ does that many in about {}, too short to outweigh starting workers. ",
                          "L'expérience du cours : les facteurs premiers d'entiers aléatoires entre 20 000 et "
                          "100 000 000, par divisions successives. Le cours en factorisait 10 000 en {} de Python ; "
                          "le C++ compilé en fait autant en environ {}, trop peu pour compenser le démarrage des "
                          "fils. ",
                          w.duration(figures::factorise_sequential_s), w.duration(seq / std::max<std::uint64_t>(multiple, 1)));
  intro += multiple > 1
               ? say(w, "So this run factorises {}, {} times the course's count, which takes {} in one thread, about "
                        "as long as the course's Python. The ratios are what carry over.",
                     "Ce passage en factorise donc {}, {} fois le nombre du cours, ce qui prend {} sur un seul fil, "
                     "à peu près la durée du Python du cours. Ce sont les rapports qui se transposent.",
                     w.count(f.numbers), multiple, w.duration(seq))
               : say(w, "This run factorises the course's {} ({} in one thread), so starting workers weighs more "
                        "than in the course. The ratios are what carry over.",
                     "Ce passage factorise les {} du cours ({} sur un seul fil) : démarrer des fils pèse donc plus "
                     "que dans le cours. Ce sont les rapports qui se transposent.",
                     w.count(f.numbers), w.duration(seq));
  s.blocks.push_back(intro);
  const bool busy = f.disturbance.busy();
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);

  const Best gil = best_of(f, &FactoriseFacts::Row::gil);
  const Best free = best_of(f, &FactoriseFacts::Row::threads);
  const Best procs = best_of(f, &FactoriseFacts::Row::processes);
  if (gil.row) {
    const Verdict& v = gil.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, "Threads under the GIL finished {} faster than one thread ({} threads), which a "
                                "single global lock does not allow: only one of them computes at a time. This run "
                                "was disturbed; run the course again on a quieter machine.",
                             "Les fils sous le GIL ont fini {} plus vite qu'un seul fil ({} fils), ce qu'un verrou "
                             "global unique ne permet pas : un seul calcule à la fois. Ce passage a été perturbé ; "
                             "relancez le cours sur une machine plus calme.",
                             w.interval(v.speedup), gil.row->workers));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, "Whether threads under the GIL helped, this run cannot tell: {}.",
                             "Ce passage ne permet pas de dire si les fils sous le GIL ont aidé : {}.", doubt_text(v, w)));
    else
      s.blocks.push_back(say(w, "Threads under the GIL did not help: at best {} threads, {} ({}). Only the thread "
                                "holding the lock computes; the others wait, and every {} ms the holder hands the "
                                "lock over. The work is still done one piece at a time, plus the hand-overs. The "
                                "course's book saw the same in Python: {} with threads against {} without.",
                             "Les fils sous le GIL n'ont pas aidé : au mieux {} fils, {} ({}). Seul le fil qui "
                             "tient le verrou calcule ; les autres attendent, et toutes les {} ms le détenteur passe "
                             "le verrou. Le travail se fait toujours un morceau à la fois, plus les passations. Le "
                             "livre du cours observait la même chose en Python : {} avec fils contre {} sans.",
                             gil.row->workers, w.interval(v.speedup), outcome_word(v, w),
                             w.number(f.switch_interval_ms, f.switch_interval_ms < 1 ? 2 : 0),
                             w.duration(figures::book_threads_s), w.duration(figures::book_sequential_s)));
  }
  if (free.row) {
    const Verdict& v = free.verdict;
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, "Free threads (threads with no global lock, as in Jython, IronPython or a "
                                "free-threaded CPython 3.13) reached {} with {} threads on this machine's {} usable "
                                "CPUs.",
                             "Les fils libres (des fils sans verrou global, comme dans Jython, IronPython ou un "
                             "CPython 3.13 sans GIL) ont atteint {} avec {} fils sur les {} processeurs "
                             "utilisables de cette machine.",
                             w.interval(v.speedup), free.row->workers, m.usable_cpus));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, "Whether free threads (no global lock) helped, this run cannot tell: {}.",
                             "Ce passage ne permet pas de dire si les fils libres (sans verrou global) ont aidé : {}.",
                             doubt_text(v, w)));
    else
      s.blocks.push_back(say(w, "Even free threads (no global lock) did not go faster: {} at best ({}){}",
                             "Même les fils libres (sans verrou global) n'ont pas été plus rapides : {} au mieux ({}){}",
                             w.interval(v.speedup), outcome_word(v, w),
                             m.usable_cpus <= 1 ? w(": this process has a single CPU.", " : ce processus n'a qu'un processeur.")
                                                : std::string(".")));
  }
  if (procs.row) {
    const Verdict& v = procs.verdict;
    const std::string course = say(w, " The course's 10 processes took {} against {} ({}).",
                                   " Les 10 processus du cours mettaient {} contre {} ({}).",
                                   w.duration(figures::factorise_processes_s), w.duration(figures::factorise_sequential_s),
                                   w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s));
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, "Processes get around the GIL: each has its own interpreter and its own lock, so they "
                                "compute in parallel. At best {} processes reached {}.",
                             "Les processus contournent le GIL : chacun a son interpréteur et son verrou, ils "
                             "calculent donc en parallèle. Au mieux, {} processus ont atteint {}.",
                             procs.row->workers, w.interval(v.speedup)) + course);
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, "Whether processes helped, this run cannot tell: {}.",
                             "Ce passage ne permet pas de dire si les processus ont aidé : {}.", doubt_text(v, w)) + course);
    else
      s.blocks.push_back(say(w, "Processes did not go faster here: {} at best ({}).",
                             "Les processus n'ont pas été plus rapides ici : {} au mieux ({}).",
                             w.interval(v.speedup), outcome_word(v, w)) + course);
  }
  if (gil.row) {
    std::string why = w("Why: CPython's threads share one interpreter, and its lock lets one of them run Python "
                        "code at a time. Work that never waits never lets go of the lock unless made to, every "
                        "switch interval, so adding threads adds turns, not cores. To use several cores from "
                        "Python, use processes, or native code that releases the lock (as NumPy does).",
                        "Pourquoi : les fils de CPython partagent un interpréteur, et son verrou ne laisse "
                        "qu'un seul d'entre eux exécuter du Python à la fois. Un travail qui n'attend jamais ne "
                        "lâche le verrou que contraint, à chaque intervalle de bascule : ajouter des fils "
                        "ajoute des tours, pas des cœurs. Pour utiliser plusieurs cœurs depuis Python : des "
                        "processus, ou du code natif qui relâche le verrou (comme NumPy).");
    const Best& unlocked = free.verdict.speedup.value >= procs.verdict.speedup.value ? free : procs;
    if (!busy && unlocked.row && unlocked.verdict.faster() && gil.verdict.measured() &&
        gil.verdict.outcome != Outcome::faster)
      why += say(w, " Here: {} under the lock, {} without it.", " Ici : {} sous le verrou, {} sans.",
                 w.ratio(gil.verdict.speedup.value), w.ratio(unlocked.verdict.speedup.value));
    s.blocks.push_back(why);
  }
  for (const auto& row : f.rows)
    add_missing_notes(s, w, {{model_name("gil", w) + " ×" + std::to_string(row.workers), &row.gil},
                             {model_name("threads", w) + " ×" + std::to_string(row.workers), &row.threads},
                             {model_name("processes", w) + " ×" + std::to_string(row.workers), &row.processes}});
  return s;
}

}  // namespace concur::course
