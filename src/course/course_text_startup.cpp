// Section 3b: starting workers, measured, with what fork does.
#include "course/course_text.hpp"

namespace concur::course {

Section startup_section_text(const StartupFacts& f, const Words& w) {
  Section s{w("3b. What starting workers costs", "3 bis. Ce que coûte le démarrage"), {}};
  const Verdict v = judge(f.processes, f.threads);  // faster: threads started sooner
  const double book_ratio = figures::book_processes_start_s / figures::book_threads_start_s;
  s.blocks.push_back(Table{{"", w("this machine (C++)", "cette machine (C++)"), w("course's book (Python)", "livre du cours (Python)")},
                           {{say(w, "start and join {} threads", "démarrer et attendre {} fils", f.workers),
                             w.time_of(f.threads), w.duration(figures::book_threads_start_s)},
                            {say(w, "start and wait for {} processes", "démarrer et attendre {} processus", f.workers),
                             w.time_of(f.processes), w.duration(figures::book_processes_start_s)},
                            {w("threads against processes", "fils par rapport aux processus"), speedup_text(v, w) + " (" + outcome_word(v, w) + ")",
                             w.ratio(book_ratio)}},
                           {false, true, true}});
  if (v.measured()) {
    if (v.outcome == Outcome::faster)
      s.blocks.push_back(say(w, "Starting {} processes took {} times as long as starting {} threads ({}); the "
                                "course's book measured {} in Python.",
                             "Démarrer {} processus a pris {} fois plus de temps que démarrer {} fils ({}) ; le "
                             "livre du cours mesurait {} en Python.",
                             f.workers, w.number(v.speedup.value, 1), f.workers, w.interval(v.speedup),
                             w.ratio(book_ratio)));
    else if (v.outcome == Outcome::cannot_tell)
      s.blocks.push_back(say(w, "Threads against processes to start: this run cannot tell ({}).",
                             "Démarrer des fils ou des processus : ce passage ne permet pas de trancher ({}).",
                             doubt_text(v, w)));
    else
      s.blocks.push_back(say(w, "Starting processes was not slower than starting threads here ({}).",
                             "Démarrer des processus n'a pas été plus lent que démarrer des fils ici ({}).",
                             w.interval(v.speedup)));
  }
  s.blocks.push_back(say(w, "A thread is a second flow of control in the same process: the kernel schedules it on "
                            "any core, but it shares the process's memory, so starting one costs a stack and a "
                            "kernel task. A process started with fork gets a copy of its parent: not of the pages "
                            "themselves, which stay shared until either side writes one (copy-on-write), but of the "
                            "page tables that map them, which grow with the parent's memory ({} here). Its result "
                            "comes back through a pipe, as bytes. Each child peaked at {} of resident memory, "
                            "nearly all of it pages still shared with the parent.",
                         "Un fil est un second fil de contrôle dans le même processus : le noyau l'ordonnance sur "
                         "n'importe quel cœur, mais il partage la mémoire du processus ; en démarrer un coûte une "
                         "pile et une tâche du noyau. Un processus démarré par fork reçoit une copie de son parent : "
                         "pas des pages elles-mêmes, qui restent partagées jusqu'à ce que l'un des deux en modifie "
                         "une (copie sur écriture), mais des tables de pages qui les décrivent, et qui grandissent "
                         "avec la mémoire du parent ({} ici). Son résultat revient par un tube, sous forme d'octets. "
                         "Chaque enfant a culminé à {} de mémoire résidente, presque entièrement des pages encore "
                         "partagées avec le parent.",
                         w.mib(f.parent_rss_kb), w.mib(f.child_peak_rss_kb)));
  s.blocks.push_back(w("Both std::thread and CPython's threading.Thread are kernel threads: one kernel task each, "
                       "scheduled by the operating system onto the cores, which is why free threads can compute "
                       "in parallel. User-level threads (green threads, coroutines) are switched by the program "
                       "itself, without the kernel: cheaper to create and to switch, but on one core at a time; the "
                       "event loop of section 4 is of that family.",
                       "std::thread comme threading.Thread de CPython sont des fils du noyau : une tâche du noyau "
                       "chacun, que le système d'exploitation répartit sur les cœurs, ce qui permet aux fils "
                       "libres de calculer en parallèle. Les fils en mode utilisateur (fils verts, coroutines) "
                       "sont commutés par le programme lui-même, sans le noyau : moins chers à créer et à "
                       "commuter, mais sur un seul cœur à la fois ; la boucle d'événements de la section 4 est de "
                       "cette famille."));
  add_missing_notes(s, w, {{w("threads", "fils"), &f.threads}, {w("processes", "processus"), &f.processes}});
  return s;
}

}  // namespace concur::course
