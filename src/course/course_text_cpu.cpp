// Sections 1 (the machine) and 3 (CPU-bound factorisation).
#include <algorithm>

#include "course/course_text.hpp"

namespace concur::course {
namespace {

struct Best {
  double speedup = 0;
  unsigned workers = 0;
  const Measured* cell = nullptr;
};

Best best_of(const FactoriseFacts& f, Measured FactoriseFacts::Row::*model) {
  Best best;
  for (const auto& row : f.rows)
    if (auto s = speedup(f.sequential, row.*model); s && *s > best.speedup)
      best = {*s, row.workers, &(row.*model)};
  return best;
}

const FactoriseFacts::Row* row_with(const FactoriseFacts& f, unsigned workers) {
  for (const auto& row : f.rows)
    if (row.workers == workers) return &row;
  return nullptr;
}

// When one thread got much less than a whole CPU, the machine was busy: say
// so, with the number, since it explains an impossible-looking result.
std::string busy_machine_hint(const Measured& sequential, const Words& w) {
  if (!sequential.ok() || sequential.cpu_seconds <= 0) return "";
  const double share = sequential.cpu_seconds / *sequential.seconds;
  if (share >= 0.9) return "";
  return say(w, " The single thread had only {}% of a CPU during its run: other programs were competing for the cores.",
             " Le thread unique n'a eu que {} % d'un CPU pendant sa mesure : d'autres programmes se disputaient "
             "les cœurs.", w.number(share * 100, 0));
}

}  // namespace

Section machine_section(const MachineFacts& m, const Words& w) {
  Section s{w("1. The machine", "1. La machine"), {}};
  s.blocks.push_back(Table{{"", w("this machine", "cette machine"), w("course", "cours")},
                           {{"multiprocessing.cpu_count()", std::to_string(m.cpu_count),
                             std::to_string(figures::cpu_count)},
                            {w("physical cores", "cœurs physiques"), std::to_string(m.physical_cores), "—"},
                            {w("CPUs this process may use", "CPU utilisables par ce processus"),
                             std::to_string(m.usable_cpus), "—"}},
                           {false, true, true}});
  std::string p = say(w, "Python's multiprocessing.cpu_count() would report {} here (the course's laptop showed {}). "
                         "Behind them are {} physical cores ({})",
                      "multiprocessing.cpu_count() renverrait {} ici (le portable du cours affichait {}). "
                      "Ces processeurs logiques reposent sur {} cœurs physiques ({})",
                      m.cpu_count, figures::cpu_count, m.physical_cores, m.cpu_model);
  if (m.physical_cores > 0 && m.cpu_count > m.physical_cores)
    p += say(w, ": {} hardware threads per core, sharing that core's arithmetic units.",
             " : {} threads matériels par cœur, qui se partagent ses unités de calcul.",
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
  auto ratio_of = [&](const Measured& cell) {
    auto x = speedup(f.sequential, cell);
    return x ? w.ratio(*x) : "—";
  };
  Table t{{w("model", "modèle"), w("workers", "workers"), w("time", "temps"), w("speedup", "accélération"),
           w("course (Python)", "cours (Python)")},
          {{model_name("sequential", w), "1", w.time_of(f.sequential), ratio_of(f.sequential),
            w.duration(figures::factorise_sequential_s)}},
          {false, true, true, true, false}};
  for (const auto& [model, member] : factorise_models())
    for (const auto& row : f.rows) {
      const Measured& cell = row.*member;
      std::string course = "—";  // the course's figures are for 10 workers
      if (row.workers == 10 && model == "processes")
        course = w.duration(figures::factorise_processes_s) + " (" +
                 w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s) + ")";
      if (row.workers == 10 && model == "gil")
        course = w.ratio(figures::book_sequential_s / figures::book_threads_s) + w(" (book)", " (livre)");
      t.rows.push_back({model_name(model, w), std::to_string(row.workers), w.time_of(cell), ratio_of(cell), course});
    }
  s.blocks.push_back(t);

  if (!f.sequential.ok()) {
    add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential}});
    return s;
  }
  const double seq = *f.sequential.seconds;
  s.blocks.push_back(say(w, "The course's experiment: the prime factors of {} random integers between 20,000 and "
                            "100,000,000, by trial division. Compiled C++ does it in {} in one thread, where the "
                            "course's Python took {}: {} times less. What carries over is the ratios, not this gap.",
                         "L'expérience du cours : les facteurs premiers de {} entiers aléatoires entre 20 000 et "
                         "100 000 000, par divisions successives. Le C++ compilé le fait en {} sur un seul thread, "
                         "quand le Python du cours mettait {} : {} fois moins. Ce sont les rapports qui se "
                         "transposent, pas cet écart.",
                         w.count(f.numbers), w.duration(seq), w.duration(figures::factorise_sequential_s),
                         w.number(figures::factorise_sequential_s / seq, 0)));

  const Best gil = best_of(f, &FactoriseFacts::Row::gil);
  const Best free = best_of(f, &FactoriseFacts::Row::threads);
  const Best procs = best_of(f, &FactoriseFacts::Row::processes);
  if (gil.cell) {
    if (gil.speedup <= 1.1)
      s.blocks.push_back(say(w, "Threads under the GIL did not help: at best {} threads took {} ({}), no better than "
                                "one. Only the thread holding the lock computes; the others wait, and every {} ms "
                                "the holder hands the lock to the next. The work is still done one piece at a time, "
                                "plus the hand-overs. The course's book saw the same in Python: {} with threads "
                                "against {} without.",
                             "Les threads sous le GIL n'ont pas aidé : au mieux, {} threads ont mis {} ({}), pas "
                             "mieux qu'un seul. Seul le thread qui tient le verrou calcule ; les autres attendent, "
                             "et toutes les {} ms le détenteur passe le verrou au suivant. Le travail se fait "
                             "toujours un morceau à la fois, plus les passations. Le livre du cours observait la "
                             "même chose en Python : {} avec threads contre {} sans.",
                             gil.workers, w.duration(*gil.cell->seconds), w.ratio(gil.speedup),
                             w.number(f.switch_interval_ms, f.switch_interval_ms < 1 ? 2 : 0),
                             w.duration(figures::book_threads_s), w.duration(figures::book_sequential_s)));
    else
      s.blocks.push_back(say(w, "Threads under the GIL finished {} faster than one thread ({} threads, {}), which a "
                                "single global lock should not allow: only one of them computes at a time. Treat "
                                "this run as disturbed (other programs, clock changes) and run the course again on "
                                "a quieter machine.",
                             "Les threads sous le GIL ont fini {} plus vite qu'un seul thread ({} threads, {}), ce "
                             "qu'un verrou global unique ne devrait pas permettre : un seul calcule à la fois. "
                             "Considérez cette mesure comme perturbée (autres programmes, variations de fréquence) "
                             "et relancez le cours sur une machine plus calme.",
                             w.ratio(gil.speedup), gil.workers, w.duration(*gil.cell->seconds)) +
                         busy_machine_hint(f.sequential, w));
  }
  if (free.cell) {
    if (free.speedup > 1.1)
      s.blocks.push_back(say(w, "Without the lock, which is what Jython or IronPython (no GIL) would allow, {} threads "
                                "reached {} ({}) on this machine's {} usable CPUs.",
                             "Sans le verrou, ce que permettraient Jython ou IronPython (pas de GIL), {} threads "
                             "ont atteint {} ({}) sur les {} CPU utilisables de cette machine.",
                             free.workers, w.ratio(free.speedup), w.duration(*free.cell->seconds), m.usable_cpus));
    else
      s.blocks.push_back(m.usable_cpus <= 1
                             ? say(w, "Even without the lock, threads did not go faster ({}): this process has a single CPU.",
                                   "Même sans verrou, les threads n'ont pas été plus rapides ({}) : ce processus "
                                   "n'a qu'un CPU.", w.ratio(free.speedup))
                             : say(w, "Even without the lock, threads did not go faster ({}): {} of work is too "
                                      "little to repay starting them.",
                                   "Même sans verrou, les threads n'ont pas été plus rapides ({}) : {} de travail, "
                                   "c'est trop peu pour rentabiliser leur démarrage.",
                                   w.ratio(free.speedup), w.duration(seq)));
  }
  if (procs.cell) {
    const auto* ten = row_with(f, 10);
    std::string p = procs.speedup > 1.1
        ? say(w, "Processes get around the GIL: each has its own interpreter and its own lock, so they compute in "
                 "parallel. At best {} processes took {} ({}); the course's 10 processes took {} against {} ({}).",
              "Les processus contournent le GIL : chacun a son interpréteur et son verrou, ils calculent donc en "
              "parallèle. Au mieux, {} processus ont mis {} ({}) ; les 10 processus du cours mettaient {} contre "
              "{} ({}).",
              procs.workers, w.duration(*procs.cell->seconds), w.ratio(procs.speedup),
              w.duration(figures::factorise_processes_s), w.duration(figures::factorise_sequential_s),
              w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s))
        : say(w, "Processes did not pay off here ({} at best): starting them and collecting their results cost "
                 "as much as the {} of work they shared. The course's Python had {} of work to share and gained {}.",
              "Les processus n'ont pas été rentables ici ({} au mieux) : les démarrer et récupérer leurs "
              "résultats a coûté autant que les {} de travail partagés. Le Python du cours avait {} de travail à "
              "partager et gagnait {}.",
              w.ratio(procs.speedup), w.duration(seq), w.duration(figures::factorise_sequential_s),
              w.ratio(figures::factorise_sequential_s / figures::factorise_processes_s));
    if (ten && ten->processes.ok() && ten->threads.ok() && *ten->processes.seconds > 1.2 * *ten->threads.seconds)
      p += say(w, " At 10 workers they were slower than free threads ({} against {}): a process costs more to "
                  "start and to hear back from than a thread.",
               " À 10 workers, ils ont été plus lents que les threads libres ({} contre {}) : un processus coûte "
               "plus cher à démarrer et à écouter qu'un thread.",
               w.duration(*ten->processes.seconds), w.duration(*ten->threads.seconds));
    s.blocks.push_back(p);
  }
  if (gil.cell) {
    std::string why = w("Why: CPython's threads share one interpreter, and its lock lets one of them run Python "
                        "code at a time. Work that never waits never lets go of the lock unless made to, every "
                        "switch interval, so adding threads adds turns, not cores. To use several cores from "
                        "Python, use processes, or native code that releases the lock (as NumPy does).",
                        "Pourquoi : les threads de CPython partagent un interpréteur, et son verrou ne laisse "
                        "qu'un seul d'entre eux exécuter du Python à la fois. Un travail qui n'attend jamais ne "
                        "lâche le verrou que contraint, à chaque intervalle de bascule : ajouter des threads "
                        "ajoute des tours, pas des cœurs. Pour utiliser plusieurs cœurs depuis Python : des "
                        "processus, ou du code natif qui relâche le verrou (comme NumPy).");
    const double unlocked = std::max(free.speedup, procs.speedup);
    if (unlocked > 1.1 && unlocked > gil.speedup * 1.1)
      why += say(w, " Here: {} under the lock, {} without it.", " Ici : {} sous le verrou, {} sans.",
                 w.ratio(gil.speedup), w.ratio(unlocked));
    s.blocks.push_back(why);
  }
  for (const auto& row : f.rows)
    add_missing_notes(s, w, {{model_name("gil", w) + " ×" + std::to_string(row.workers), &row.gil},
                             {model_name("threads", w) + " ×" + std::to_string(row.workers), &row.threads},
                             {model_name("processes", w) + " ×" + std::to_string(row.workers), &row.processes}});
  return s;
}

}  // namespace concur::course
