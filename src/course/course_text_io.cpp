// Sections 2 (downloading 10 images) and 4 (event-driven at scale).
#include <algorithm>

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
  auto ratio_of = [&](const Measured& m) {
    auto x = speedup(f.sequential, m);
    return x ? w.ratio(*x) : "—";
  };
  const std::string n = std::to_string(f.images);
  s.blocks.push_back(Table{
      {w("model", "modèle"), w("threads", "threads"), w("time", "temps"), w("speedup", "accélération"),
       w("course (Python)", "cours (Python)")},
      {{model_name("sequential", w), "1", w.time_of(f.sequential), ratio_of(f.sequential),
        w.duration(figures::download_sequential_s)},
       {model_name("gil", w), n, w.time_of(f.gil), ratio_of(f.gil),
        w.duration(figures::download_threads_s) + " (" + w.ratio(course_ratio) + ")"},
       {model_name("threads", w), n, w.time_of(f.threads), ratio_of(f.threads), "—"}},
      {false, true, true, true, false}});

  std::string setup = say(w, "Each image comes from the embedded HTTP server on 127.0.0.1, which answers after {} ms, "
                             "so that one image takes about as long as on the course's public image service (gone "
                             "since).",
                          "Chaque image vient du serveur HTTP embarqué sur 127.0.0.1, qui répond après {} ms, pour "
                          "qu'une image prenne à peu près le temps qu'elle prenait sur le service d'images public du "
                          "cours (disparu depuis).",
                          w.number(f.latency_ms, 0));
  if (quick)
    setup += w(" With --quick the wait is shorter than the course's quarter of a second: times are shorter, ratios "
               "comparable.",
               " Avec --quick l'attente est plus courte que le quart de seconde du cours : les temps sont plus "
               "courts, les rapports comparables.");
  if (f.sequential.ok())
    setup += say(w, " One after another, an image took {} on average ({} in all; the course: {}).",
                 " L'une après l'autre, une image a pris {} en moyenne ({} au total ; le cours : {}).",
                 w.duration(*f.sequential.seconds / f.images), w.duration(*f.sequential.seconds),
                 w.duration(figures::download_sequential_s));
  s.blocks.push_back(setup);

  const auto g = speedup(f.sequential, f.gil);
  if (g) {
    std::string p;
    if (*g >= 2) {
      p = say(w, "One thread per image made the downloads {} faster, even under the GIL: a thread waiting for the "
                 "network has released the lock, so the {} waits overlap instead of adding up.",
              "Un thread par image a rendu les téléchargements {} plus rapides, même sous le GIL : un thread qui "
              "attend le réseau a relâché le verrou, les {} attentes se chevauchent donc au lieu de s'additionner.",
              w.ratio(*g), f.images);
      if (*g > course_ratio * 1.25)
        p += say(w, " That is more than the course's {}: here every image waits the same time on a local server, "
                    "while the course's went over the Internet to a busy service.",
                 " C'est plus que les {} du cours : ici chaque image attend le même temps sur un serveur local, "
                 "alors que celles du cours passaient par Internet jusqu'à un service chargé.",
                 w.ratio(course_ratio));
      else if (*g < course_ratio / 1.25)
        p += say(w, " That is less than the course's {}.", " C'est moins que les {} du cours.", w.ratio(course_ratio));
      else
        p += say(w, " That is close to the course's {}.", " C'est proche des {} du cours.", w.ratio(course_ratio));
    } else if (*g >= 1.1) {
      p = say(w, "Threads helped only a little ({}): the waits overlapped, but something else, such as starting "
                 "the threads or the transfers themselves, took most of the time.",
              "Les threads n'ont que peu aidé ({}) : les attentes se sont chevauchées, mais autre chose, comme le "
              "démarrage des threads ou les transferts eux-mêmes, a pris l'essentiel du temps.",
              w.ratio(*g));
    } else {
      p = say(w, "Threads did not speed up the downloads here ({}): overlapping the waits gained nothing, so the "
                 "waits were not what took the time.",
              "Les threads n'ont pas accéléré les téléchargements ici ({}) : chevaucher les attentes n'a rien "
              "gagné, ce n'est donc pas l'attente qui prenait le temps.",
              w.ratio(*g));
    }
    s.blocks.push_back(p);
  }
  if (f.gil.ok() && f.threads.ok()) {
    const double gil_over_free = *f.gil.seconds / *f.threads.seconds;
    if (gil_over_free > 1.15)
      s.blocks.push_back(say(w, "Free threads were faster ({} against {} under the GIL): threads coming back from "
                                "their waits had to take turns for the lock.",
                             "Les threads libres ont été plus rapides ({} contre {} sous le GIL) : au retour de "
                             "leurs attentes, les threads devaient se relayer pour le verrou.",
                             w.duration(*f.threads.seconds), w.duration(*f.gil.seconds)));
    else if (gil_over_free < 1 / 1.15)
      s.blocks.push_back(say(w, "Threads under the GIL even finished before free threads ({} against {}): a "
                                "difference that small is noise, not a gain from the lock.",
                             "Les threads sous le GIL ont même fini avant les threads libres ({} contre {}) : un "
                             "écart aussi faible est du bruit, pas un gain dû au verrou.",
                             w.duration(*f.gil.seconds), w.duration(*f.threads.seconds)));
    else
      s.blocks.push_back(say(w, "Free threads took about as long ({}): while threads wait, the lock costs nothing.",
                             "Les threads libres ont pris à peu près autant ({}) : pendant que les threads "
                             "attendent, le verrou ne coûte rien.",
                             w.duration(*f.threads.seconds)));
  }
  add_missing_notes(s, w, {{model_name("sequential", w), &f.sequential},
                           {model_name("gil", w), &f.gil},
                           {model_name("threads", w), &f.threads}});
  return s;
}

Section event_section_text(const EventFacts& f, const Words& w) {
  Section s{w("4. Event-driven: one thread, many waits", "4. Événementiel : un thread, de nombreuses attentes"), {}};
  Table t{{w("downloads", "téléchargements"), w("async time", "temps async"), w("threads time", "temps threads"),
           w("async peak", "pic async"), w("threads peak", "pic threads"),
           w("per connection, async / threads", "par connexion, async / threads")},
          {},
          {true, true, true, true, true, false}};
  for (const auto& r : f.rows) {
    std::string per_connection = "—";  // growth since the first row: async / threads
    if (&r != &f.rows.front()) {
      auto a = kib_per_connection(f.rows.front(), r, &EventFacts::Row::async);
      auto th = kib_per_connection(f.rows.front(), r, &EventFacts::Row::threads);
      per_connection = (a ? w.kib(*a) : "—") + " / " + (th ? w.kib(*th) : "—");
    }
    t.rows.push_back({w.count(r.connections), w.time_of(r.async), w.time_of(r.threads),
                      r.async.ok() ? w.mib(r.async.peak_rss_kb) : "—",
                      r.threads.ok() ? w.mib(r.threads.peak_rss_kb) : "—", per_connection});
  }
  s.blocks.push_back(t);
  s.blocks.push_back(say(w, "The event-driven model (async) runs every download from one thread: libcurl's multi "
                            "interface keeps all transfers in flight and an event loop wakes the thread when data "
                            "arrives. The threads model starts one thread per download. Each image waits {} ms on "
                            "the server.",
                         "Le modèle événementiel (async) mène tous les téléchargements depuis un seul thread : "
                         "l'interface multi de libcurl garde tous les transferts en cours et une boucle "
                         "d'événements réveille le thread quand des données arrivent. Le modèle threads démarre un "
                         "thread par téléchargement. Chaque image attend {} ms sur le serveur.",
                         w.number(f.latency_ms, 0)));
  if (f.rows.empty()) return s;
  const auto& top = f.rows.back();
  if (top.async.ok() && top.threads.ok()) {
    const double a = *top.async.seconds, th = *top.threads.seconds;
    if (th > a * 1.1)
      s.blocks.push_back(say(w, "At {} downloads at once, async finished in {}, {} faster than {} threads ({}): it "
                                "does not pay for starting and scheduling a thread per download.",
                             "À {} téléchargements simultanés, async a fini en {}, {} plus vite que {} threads ({}) : "
                             "il ne paie ni le démarrage ni l'ordonnancement d'un thread par téléchargement.",
                             w.count(top.connections), w.duration(a), w.ratio(th / a), w.count(top.connections),
                             w.duration(th)));
    else if (a > th * 1.1)
      s.blocks.push_back(say(w, "At {} downloads at once, threads finished first ({} against {} for async): here "
                                "the kernel's scheduler served the waiting threads faster than one event loop.",
                             "À {} téléchargements simultanés, les threads ont fini les premiers ({} contre {} pour "
                             "async) : ici l'ordonnanceur du noyau a servi les threads en attente plus vite qu'une "
                             "seule boucle d'événements.",
                             w.count(top.connections), w.duration(th), w.duration(a)));
    else
      s.blocks.push_back(say(w, "At {} downloads at once, both took about the same time ({} async, {} threads): "
                                "both spent it waiting.",
                             "À {} téléchargements simultanés, les deux ont pris à peu près le même temps ({} async, "
                             "{} threads) : tous deux l'ont passé à attendre.",
                             w.count(top.connections), w.duration(a), w.duration(th)));
  }
  if (f.rows.size() >= 2) {
    const auto& low = f.rows.front();
    auto ma = kib_per_connection(low, top, &EventFacts::Row::async);
    auto mt = kib_per_connection(low, top, &EventFacts::Row::threads);
    if (ma && mt) {
      std::string p = say(w, "Memory per connection (growth of the process's peak resident memory, embedded server "
                             "included, from {} to {} downloads): {} with async, {} with threads. ",
                          "Mémoire par connexion (croissance du pic de mémoire résidente du processus, serveur "
                          "embarqué compris, de {} à {} téléchargements) : {} avec async, {} avec threads. ",
                          w.count(low.connections), w.count(top.connections), w.kib(*ma), w.kib(*mt));
      if (*ma < *mt * 0.8)
        p += w("A thread needs its own stack and kernel structures; a transfer waiting in an event loop is only a "
               "little state.",
               "Un thread a besoin de sa pile et de structures du noyau ; un transfert qui attend dans une boucle "
               "d'événements n'est qu'un peu d'état.");
      else if (*mt < *ma * 0.8)
        p += w("Here the threads were the lighter of the two.", "Ici, ce sont les threads qui ont été les plus légers.");
      else
        p += w("About the same: most of it is the transfer's own buffers, not the thread.",
               "À peu près pareil : l'essentiel tient aux tampons du transfert, pas au thread.");
      s.blocks.push_back(p);
    }
  }
  for (const auto& r : f.rows)
    add_missing_notes(s, w, {{"async ×" + std::to_string(r.connections), &r.async},
                             {model_name("threads", w) + " ×" + std::to_string(r.connections), &r.threads}});
  return s;
}

}  // namespace concur::course
