// Sections 2 (downloading 10 images) and 4 (event-driven at scale).
#include <algorithm>
#include <vector>

#include "course/course_text.hpp"

namespace concur::course {
namespace {

// Growth of peak memory per extra connection between two rows.
std::optional<double> kib_per_connection(const EventFacts::Row& low, const EventFacts::Row& high,
                                         Measured EventFacts::Row::*model) {
  const Measured& a = low.*model;
  const Measured& b = high.*model;
  if (!a.ok() || !b.ok() || high.connections <= low.connections) return std::nullopt;
  return std::max(0.0, (b.peak_rss_kb - a.peak_rss_kb) / (high.connections - low.connections));
}

}  // namespace

Section download_section_text(const DownloadFacts& f, bool quick, const Words& w) {
  Section s{say(w, "2. Waiting: downloading {} images", "2. Attendre : télécharger {} images", f.images), {}};
  const double course_ratio = figures::download_sequential_s / figures::download_threads_s;
  const Verdict gil = judge(f.sequential, f.gil), free = judge(f.sequential, f.threads);
  const std::string n = std::to_string(f.images);
  s.blocks.push_back(Table{
      {w("model", "modèle"), w("threads", "fils"), w("time", "temps"), w("speedup [95% interval]", "accélération [intervalle à 95 %]"),
       w("verdict", "verdict"), w("course (Python)", "cours (Python)")},
      {{model_name("sequential", w), "1", w.time_of(f.sequential), "", "", w.duration(figures::download_sequential_s)},
       {model_name("gil", w), n, w.time_of(f.gil), speedup_text(gil, w), outcome_word(gil, w),
        w.duration(figures::download_threads_s) + " (" + w.ratio(course_ratio) + ")"},
       {model_name("threads", w), n, w.time_of(f.threads), speedup_text(free, w), outcome_word(free, w), "—"}},
      {false, true, true, true, false, false}});

  std::string setup = say(w, "Each image comes from the embedded HTTP server on 127.0.0.1, which answers after {} ms",
                          "Chaque image vient du serveur HTTP embarqué sur 127.0.0.1, qui répond après {} ms",
                          w.number(f.latency_ms, 0));
  setup += quick ? w(": with --quick, a shorter wait than the course's quarter of a second, so times are shorter "
                     "and only the ratios compare.",
                     " : avec --quick, une attente plus courte que le quart de seconde du cours, les temps sont donc "
                     "plus courts et seuls les rapports se comparent.")
                 : w(", so that one image takes about as long as on the course's public image service (gone since).",
                     ", pour qu'une image prenne à peu près le temps qu'elle prenait sur le service d'images public "
                     "du cours (disparu depuis).");
  if (f.sequential.ok())
    setup += quick ? say(w, " One after another, an image took {} on average ({} in all).",
                         " L'une après l'autre, une image a pris {} en moyenne ({} au total).",
                         w.duration(*f.sequential.seconds / f.images), w.duration(*f.sequential.seconds))
                   : say(w, " One after another, an image took {} on average ({} in all; the course: {}).",
                         " L'une après l'autre, une image a pris {} en moyenne ({} au total ; le cours : {}).",
                         w.duration(*f.sequential.seconds / f.images), w.duration(*f.sequential.seconds),
                         w.duration(figures::download_sequential_s));
  s.blocks.push_back(setup);
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);

  if (gil.measured()) {
    std::string p;
    switch (gil.outcome) {
      case Outcome::faster:
        p = say(w, "One thread per image made the downloads {} faster, even under the GIL: a thread waiting for the "
                   "network has released the lock, so the {} waits overlap instead of adding up.",
                "Un fil par image a rendu les téléchargements {} plus rapides, même sous le GIL : un fil qui "
                "attend le réseau a relâché le verrou, les {} attentes se chevauchent donc au lieu de s'additionner.",
                w.interval(gil.speedup), f.images);
        if (gil.speedup.ci.low > course_ratio)
          p += say(w, " More than the course's {}: here every image waits the same time on a local server, while "
                      "the course's went over the Internet to a busy service.",
                   " C'est plus que le {} du cours : ici chaque image attend le même temps sur un serveur local, "
                   "alors que celles du cours passaient par Internet jusqu'à un service chargé.",
                   w.ratio(course_ratio));
        else if (gil.speedup.ci.high < course_ratio)
          p += say(w, " Less than the course's {}.", " C'est moins que le {} du cours.", w.ratio(course_ratio));
        else
          p += say(w, " The course's {} lies within the interval.", " Le {} du cours est dans l'intervalle.",
                   w.ratio(course_ratio));
        break;
      case Outcome::tie:
      case Outcome::slower:
        p = say(w, "Threads did not speed up the downloads here ({}).",
                "Les fils n'ont pas accéléré les téléchargements ici ({}).", w.interval(gil.speedup));
        if (!f.disturbance.busy())
          p += w(" Overlapping the waits gained nothing, so the waits were not what took the time.",
                 " Chevaucher les attentes n'a rien gagné : ce n'est donc pas l'attente qui prenait le temps.");
        break;
      case Outcome::cannot_tell:
        p = say(w, "Whether threads under the GIL sped up the downloads, this run cannot tell: {}.",
                "Ce passage ne permet pas de dire si les fils sous le GIL ont accéléré les téléchargements : {}.",
                doubt_text(gil, w));
        break;
    }
    s.blocks.push_back(p);
  }
  const Verdict lock_cost = judge(f.threads, f.gil);  // faster: the GIL finished first
  if (lock_cost.measured()) {
    switch (lock_cost.outcome) {
      case Outcome::tie:
        s.blocks.push_back(say(w, "Free threads took about as long ({} against {} under the GIL; a tie): while threads "
                                  "wait, the lock costs nothing.",
                               "Les fils libres ont pris à peu près autant ({} contre {} sous le GIL ; égalité) : "
                               "pendant que les fils attendent, le verrou ne coûte rien.",
                               w.time_of(f.threads), w.time_of(f.gil)));
        break;
      case Outcome::slower:
        s.blocks.push_back(say(w, "Free threads were faster ({} against {} under the GIL).",
                               "Les fils libres ont été plus rapides ({} contre {} sous le GIL).",
                               w.time_of(f.threads), w.time_of(f.gil)) +
                           (f.disturbance.busy() ? "" : w(" Threads coming back from their waits had to take turns for the lock.",
                                                          " Au retour de leurs attentes, les fils devaient se relayer pour le verrou.")));
        break;
      case Outcome::faster:
        s.blocks.push_back(say(w, "Threads under the GIL finished before free threads ({} against {}), which a lock "
                                  "cannot cause: read it as a disturbance of this run, not a gain.",
                               "Les fils sous le GIL ont fini avant les fils libres ({} contre {}), ce qu'un verrou "
                               "ne peut pas causer : c'est une perturbation de ce passage, pas un gain.",
                               w.time_of(f.gil), w.time_of(f.threads)));
        break;
      case Outcome::cannot_tell:
        s.blocks.push_back(say(w, "Free threads against threads under the GIL: cannot tell ({}).",
                               "Fils libres contre fils sous le GIL : indéterminé ({}).", doubt_text(lock_cost, w)));
        break;
    }
  }
  add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential},
                           {model_name("gil", w), &f.gil},
                           {model_name("threads", w), &f.threads}});
  return s;
}

Section event_section_text(const EventFacts& f, const Words& w) {
  Section s{w("4. Event-driven: one thread, many waits", "4. Événementiel : un fil, de nombreuses attentes"), {}};
  Table t{{w("downloads", "téléchargements"), w("async time", "temps async"), w("threads time", "temps fils"),
           w("async against threads", "async contre fils"), w("async peak", "pic async"), w("threads peak", "pic fils"),
           w("per connection, async / threads", "par connexion, async / fils")},
          {},
          {true, true, true, false, true, true, false}};
  for (const auto& r : f.rows) {
    std::string per_connection = "—";  // growth since the first row: async / threads
    if (&r != &f.rows.front()) {
      auto a = kib_per_connection(f.rows.front(), r, &EventFacts::Row::async);
      auto th = kib_per_connection(f.rows.front(), r, &EventFacts::Row::threads);
      per_connection = (a ? w.kib(*a) : "—") + " / " + (th ? w.kib(*th) : "—");
    }
    t.rows.push_back({w.count(r.connections), w.time_of(r.async), w.time_of(r.threads),
                      outcome_word(judge(r.threads, r.async), w), r.async.ok() ? w.mib(r.async.peak_rss_kb) : "—",
                      r.threads.ok() ? w.mib(r.threads.peak_rss_kb) : "—", per_connection});
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say(w, "The event-driven model (async) runs every download from one thread: libcurl's multi "
                            "interface keeps all transfers in flight, and an event loop calls back the code waiting "
                            "for each one when its data arrives. The threads model starts one thread per download. "
                            "Each image waits {} ms on the server.",
                         "Le modèle événementiel (async) mène tous les téléchargements depuis un seul fil : "
                         "l'interface multi de libcurl garde tous les transferts en cours, et une boucle "
                         "d'événements rappelle le code qui attend chacun quand ses données arrivent. Le modèle "
                         "à fils en démarre un par téléchargement. Chaque image attend {} ms sur le serveur.",
                         w.number(f.latency_ms, 0)));
  if (!f.trace.callbacks.empty()) {
    std::string trace = say(w, "A short trace of a real event loop (libevent) on one thread: three requests "
                               "registered at once, waiting {} ms. The loop sleeps until an event is due, then "
                               "calls its callback:",
                            "Une courte trace d'une vraie boucle d'événements (libevent) sur un seul fil : trois "
                            "requêtes enregistrées d'un coup, qui attendent {} ms. La boucle dort jusqu'au "
                            "prochain événement, puis appelle sa fonction de rappel :",
                            [&] {
                              std::vector<double> by_request(f.trace.callbacks.size());
                              for (const auto& c : f.trace.callbacks)
                                if (c.request >= 1 && c.request <= by_request.size()) by_request[c.request - 1] = c.wait_ms;
                              std::string waits;
                              for (double ms : by_request) waits += (waits.empty() ? "" : " / ") + w.number(ms, 0);
                              return waits;
                            }());
    for (const auto& c : f.trace.callbacks)
      trace += say(w, " at {}, callback of request {};", " à {}, rappel de la requête {} ;",
                   w.duration(c.at_ms / 1000), c.request);
    trace += say(w, " all done in {}, not the sum of the waits: callbacks run in the order the events "
                    "arrive, not the order the requests were made.",
                 " tout est fini en {}, pas la somme des attentes : les rappels s'exécutent dans l'ordre "
                 "d'arrivée des événements, pas dans celui des requêtes.",
                 w.duration(f.trace.total_ms / 1000));
    s.blocks.push_back(w.typeset(trace));
  }
  if (auto note = disturbance_note(f.disturbance, w); !note.empty()) s.blocks.push_back(note);
  if (f.rows.empty()) return s;
  const auto& top = f.rows.back();
  const Verdict v = judge(top.threads, top.async);  // faster: async finished first
  if (v.measured()) {
    const std::string n = w.count(top.connections);
    switch (v.outcome) {
      case Outcome::faster:
        s.blocks.push_back(say(w, "At {} downloads at once, async finished first: {} against {} for threads ({} faster).",
                               "À {} téléchargements simultanés, async a fini le premier : {} contre {} pour les "
                               "fils ({} plus rapide).",
                               n, w.time_of(top.async), w.time_of(top.threads), w.interval(v.speedup)));
        break;
      case Outcome::slower:
        s.blocks.push_back(say(w, "At {} downloads at once, threads finished first: {} against {} for async.",
                               "À {} téléchargements simultanés, les fils ont fini les premiers : {} contre {} pour "
                               "async.",
                               n, w.time_of(top.threads), w.time_of(top.async)));
        break;
      case Outcome::tie:
        s.blocks.push_back(say(w, "At {} downloads at once, async and threads tied ({} against {}, {}).",
                               "À {} téléchargements simultanés, async et les fils sont à égalité ({} contre {}, {}).",
                               n, w.time_of(top.async), w.time_of(top.threads), w.interval(v.speedup)));
        break;
      case Outcome::cannot_tell:
        s.blocks.push_back(say(w, "At {} downloads at once, this run cannot tell async and threads apart: {}.",
                               "À {} téléchargements simultanés, ce passage ne départage pas async et les fils : {}.",
                               n, doubt_text(v, w)));
        break;
    }
    // What the time was spent on beyond the wait itself: a fact, not a cause.
    const double fastest = std::min(*top.async.seconds, *top.threads.seconds);
    if (fastest > 1.5 * f.latency_ms / 1000)
      s.blocks.push_back(say(w, "The wait alone is {} ms; the fastest took {}: the rest went on transfers, "
                                "connections and handling {} replies, work that does not overlap on one thread.",
                             "L'attente seule dure {} ms ; le plus rapide a mis {} : le reste est passé en "
                             "transferts, connexions et traitement de {} réponses, un travail qui ne se chevauche "
                             "pas sur un seul fil.",
                             w.number(f.latency_ms, 0), w.duration(fastest), n));
  }
  if (f.rows.size() >= 2) {
    const auto& low = f.rows.front();
    auto ma = kib_per_connection(low, top, &EventFacts::Row::async);
    auto mt = kib_per_connection(low, top, &EventFacts::Row::threads);
    if (ma && mt) {
      std::string p = say(w, "Memory per connection (growth of the process's peak resident memory, embedded server "
                             "included, from {} to {} downloads): {} with async, {} with threads. ",
                          "Mémoire par connexion (croissance du pic de mémoire résidente du processus, serveur "
                          "embarqué compris, de {} à {} téléchargements) : {} avec async, {} avec les fils. ",
                          w.count(low.connections), w.count(top.connections), w.kib(*ma), w.kib(*mt));
      if (*ma < *mt * (1 - kMemoryTieBand))
        p += w("A thread needs its own stack and kernel structures; a transfer waiting in an event loop is only a "
               "little state.",
               "Un fil a besoin de sa pile et de structures du noyau ; un transfert qui attend dans une boucle "
               "d'événements n'est qu'un peu d'état.");
      else if (*mt < *ma * (1 - kMemoryTieBand))
        p += w("Here the threads were the lighter of the two.", "Ici, ce sont les fils qui ont été les plus légers.");
      else
        p += w("About the same.", "À peu près pareil.");
      s.blocks.push_back(p);
    }
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{"async ×" + std::to_string(r.connections), &r.async},
                             {model_name("threads", w) + " ×" + std::to_string(r.connections), &r.threads}});
  return s;
}

}  // namespace concur::course
