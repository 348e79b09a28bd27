// Section 3d: a race condition and mutual exclusion, measured; and how the
// GIL is handed over, in CPython and in the model.
#include "course/course_text.hpp"

namespace concur::course {

Section races_section_text(const RaceFacts& f, const SharingFacts& sharing, double switch_interval_ms,
                           const Words& w) {
  Section s{w("3d. Shared data: races and locks", "3 quater. Données partagées : concurrences critiques et verrous"), {}};
  if (f.threads == 0) return s;
  const std::uint64_t expected = f.increments * f.threads;
  s.blocks.push_back(Table{{"", w("counter at the end", "compteur à la fin"), w("expected", "attendu"),
                            w("updates lost", "mises à jour perdues"), w("time", "temps")},
                           {{w("no lock", "sans verrou"), w.count(f.unlocked_total), w.count(expected),
                             w.count(expected - f.unlocked_total), w.time_of(f.unlocked)},
                            {w("mutex", "mutex"), w.count(f.locked_total), w.count(expected),
                             w.count(expected - f.locked_total), w.time_of(f.locked)}},
                           {false, true, true, true, true}});
  std::string p = say(w, "{} threads each added 1 to a shared counter {} times, reading it and then writing it back, "
                         "as CPython's `counter += 1` does in separate bytecodes. ",
                      "{} fils ont chacun ajouté 1 à un compteur partagé {} fois, en le lisant puis en le "
                      "réécrivant, comme le fait `counter += 1` de CPython en plusieurs instructions. ",
                      f.threads, w.count(f.increments));
  p += expected > f.unlocked_total
           ? say(w, "Without a lock, {} updates were lost: two threads read the same value and both wrote it back "
                    "plus one. That is a race condition.",
                 "Sans verrou, {} mises à jour ont été perdues : deux fils ont lu la même valeur et l'ont tous deux "
                 "réécrite augmentée de un. C'est une concurrence critique.",
                 w.count(expected - f.unlocked_total))
           : w("Without a lock no update was lost this time: a race does not show on every run, which is what makes "
               "it dangerous.",
               "Sans verrou, aucune mise à jour n'a été perdue cette fois : une concurrence critique ne se montre pas "
               "à chaque exécution, c'est ce qui la rend dangereuse.");
  p += say(w, " With a mutex around the update (mutual exclusion: one thread at a time in the critical section) "
              "the count was {}, at a price: {} against {}.",
           " Avec un mutex autour de la mise à jour (exclusion mutuelle : un seul fil à la fois dans la section "
           "critique), le compte était de {}, à un prix : {} contre {}.",
           w.count(f.locked_total), w.time_of(f.locked), w.time_of(f.unlocked));
  s.blocks.push_back(p);
  add_sharing_blocks(s, sharing, w);
  s.blocks.push_back(say(w, "The GIL does not make `counter += 1` safe: it is handed over between bytecodes. In "
                            "CPython a thread that wants the lock waits {} ms (the switch interval), then asks the "
                            "holder to let go; the holder drops it at its next bytecode boundary, and the operating "
                            "system decides which waiting thread wakes first, so turns are not taken in order. The "
                            "model hands the lock over on the same interval but keeps its waiters in a queue, so its "
                            "turns are in order: fairer than CPython, the same one-at-a-time computing.",
                         "Le GIL ne rend pas `counter += 1` sûr : il change de main entre deux instructions. Dans "
                         "CPython, un fil qui veut le verrou attend {} ms (l'intervalle de bascule), puis demande "
                         "au détenteur de le lâcher ; celui-ci le relâche à la fin de l'instruction en cours, et "
                         "le système d'exploitation choisit quel fil en attente se réveille le premier : les tours "
                         "ne sont donc pas pris dans l'ordre. Le modèle passe le verrou au même intervalle, mais "
                         "garde ses fils en attente dans une file : ses tours sont dans l'ordre, plus équitables "
                         "que dans CPython, pour le même calcul un par un.",
                         w.number(switch_interval_ms, switch_interval_ms < 1 ? 2 : 0)));
  return s;
}

}  // namespace concur::course
